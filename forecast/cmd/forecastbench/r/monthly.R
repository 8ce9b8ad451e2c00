# R's forecast package on a monthly benchmark set (M1 monthly, Tourism
# monthly): ets(), thetaf(), auto.arima() and snaive() with defaults, fitted
# on each series' training part, forecast h steps. Each method is timed per
# series, wall (elapsed) and CPU (user + sys of the process doing the fit),
# and the times are summed over series.
# Usage: Rscript monthly.R train.csv h forecasts.csv times.csv [cores]
# times.csv rows: method,wall seconds,cpu seconds. Series are shared among
# cores (parallel::mclapply, default 2).
suppressMessages(library(forecast))
suppressMessages(library(parallel))
a <- commandArgs(TRUE)
d <- read.csv(a[1], colClasses = c("character", "character", "numeric"))
H <- as.integer(a[2])
cores <- if (length(a) >= 5) as.integer(a[5]) else 2L
ids <- unique(d$id)
meths <- c("ets", "theta", "arima", "snaive")
run <- function(m, y) switch(m,
  ets = forecast(ets(y), h = H)$mean,
  theta = thetaf(y, h = H)$mean,
  arima = forecast(auto.arima(y), h = H)$mean,
  snaive = snaive(y, h = H)$mean)
cpu <- function(p) p[["user.self"]] + p[["sys.self"]]
bySeries <- split(d, d$id)
one <- function(id) {
  r <- bySeries[[id]]
  r <- r[order(r$date), ]
  st <- as.integer(strsplit(r$date[1], "-")[[1]][1:2])
  y <- ts(r$value, start = st, frequency = 12)
  wall <- setNames(rep(0, length(meths)), meths)
  cs <- wall
  out <- list()
  for (m in meths) {
    t <- proc.time()
    f <- tryCatch(as.numeric(run(m, y)), error = function(e) rep(tail(r$value, 1), H))
    u <- proc.time()
    wall[[m]] <- u[["elapsed"]] - t[["elapsed"]]
    cs[[m]] <- cpu(u) - cpu(t)
    out[[m]] <- data.frame(id = id, h = 1:H, model = m, mean = f)
  }
  list(f = do.call(rbind, out), wall = wall, cpu = cs)
}
res <- mclapply(ids, one, mc.cores = cores)
write.csv(do.call(rbind, lapply(res, `[[`, "f")), a[3], row.names = FALSE, quote = FALSE)
wall <- Reduce(`+`, lapply(res, `[[`, "wall"))
cs <- Reduce(`+`, lapply(res, `[[`, "cpu"))
write.table(data.frame(meths, sprintf("%.2f", wall[meths]), sprintf("%.2f", cs[meths])), a[4], sep = ",", row.names = FALSE, col.names = FALSE, quote = FALSE)
