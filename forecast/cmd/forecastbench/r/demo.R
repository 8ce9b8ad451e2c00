# R's forecast package per SKU on the demo series, at the bench origins:
# ets() (automatic exponential smoothing) and croston(), as a data team would
# run a generic per-series library. Each SKU's history starts at its first
# return. Usage:
#   Rscript demo.R series.csv origins.txt forecasts.csv times.csv [croston_skus] [cores] [reps]
# ets() runs on every SKU; croston() (about 0.1 s a fit in forecast 8.x) on a
# deterministic sample of croston_skus SKUs evenly spaced in file order (all
# when absent or 0). Both run over SKUs with parallel::mclapply on `cores`
# processes (default 2, the engine's core count); the times written are the
# wall seconds and the CPU seconds (user + sys of R and its worker
# processes, each call timed in its worker) of each fitting loop (reading and writing files excluded);
# with reps > 1 the ets() loop runs reps times and its median times are
# written. times.csv rows: method,wall,cpu and cores,N.
suppressMessages({
  library(forecast)
  library(parallel)
})
a <- commandArgs(TRUE)
d <- read.csv(a[1], colClasses = c("character", "integer", "numeric"))
origins <- scan(a[2], quiet = TRUE)
ncro <- if (length(a) >= 5) as.integer(a[5]) else 0L
cores <- if (length(a) >= 6) as.integer(a[6]) else 2L
reps <- if (length(a) >= 7) as.integer(a[7]) else 1L
H <- 13
ids <- unique(d$id)
ys <- split(d$value, factor(d$id, levels = ids))
hist <- function(y, o) {
  first <- which(y > 0)[1]
  if (is.na(first) || first > o) c(0, 0) else y[first:o]
}
fit_ets <- function(id) {
  y <- ys[[id]]
  lapply(origins, function(o) {
    yy <- hist(y, o)
    tryCatch(as.numeric(forecast(ets(ts(yy, frequency = 52)), h = H)$mean),
             error = function(e) rep(mean(yy), H))
  })
}
fit_croston <- function(id) {
  y <- ys[[id]]
  lapply(origins, function(o) {
    yy <- hist(y, o)
    tryCatch(as.numeric(croston(yy, h = H)$mean), error = function(e) rep(0, H))
  })
}
cro_ids <- ids
if (ncro > 0 && ncro < length(ids)) {
  cro_ids <- ids[unique(round(seq(1, length(ids), length.out = ncro)))]
}
# CPU time is measured inside each call, in the worker process that runs it,
# and summed: proc.time()'s child times in the parent miss workers that
# mclapply has not reaped yet (measured: they counted 78.7 s of a loop whose
# processes used 160 s by /usr/bin/time).
cpu <- function(p) p[["user.self"]] + p[["sys.self"]]
timed <- function(f) function(id) {
  t <- proc.time()
  r <- f(id)
  list(fc = r, cpu = cpu(proc.time()) - cpu(t))
}
run <- function(ids, f) {
  t0 <- proc.time()
  r <- mclapply(ids, timed(f), mc.cores = cores)
  t1 <- proc.time()
  list(fc = lapply(r, `[[`, "fc"), sec = t1[["elapsed"]] - t0[["elapsed"]],
       cpu = sum(vapply(r, `[[`, 0, "cpu")) + cpu(t1) - cpu(t0))
}
e <- suppressWarnings(run(ids, fit_ets))
# ets() again reps - 1 times: the times reported are the medians (the forecasts are the same)
ets_secs <- e$sec
ets_cpus <- e$cpu
for (i in seq_len(max(reps - 1L, 0L))) {
  x <- suppressWarnings(run(ids, fit_ets))
  ets_secs <- c(ets_secs, x$sec)
  ets_cpus <- c(ets_cpus, x$cpu)
}
e$sec <- median(ets_secs)
e$cpu <- median(ets_cpus)
c <- suppressWarnings(run(cro_ids, fit_croston))
rows <- function(ids, res, model) {
  n <- length(origins) * H
  data.frame(id = rep(ids, each = n), origin = rep(rep(origins, each = H), times = length(ids)),
             h = rep(1:H, times = length(ids) * length(origins)), model = model,
             mean = pmax(unlist(res), 0))
}
write.csv(rbind(rows(ids, e$fc, "ets"), rows(cro_ids, c$fc, "croston")), a[3], row.names = FALSE, quote = FALSE)
writeLines(c(sprintf("ets,%.2f,%.2f", e$sec, e$cpu), sprintf("croston,%.2f,%.2f", c$sec, c$cpu), sprintf("cores,%d", cores)), a[4])
cat(sprintf("R: ets() on %d SKUs %.1f s wall, %.1f s CPU (medians of %s / %s), croston() on %d SKUs %.1f s (%d cores)\n",
            length(ids), e$sec, e$cpu, paste(sprintf("%.1f", ets_secs), collapse = ", "), paste(sprintf("%.1f", ets_cpus), collapse = ", "),
            length(cro_ids), c$sec, cores), file = stderr())
