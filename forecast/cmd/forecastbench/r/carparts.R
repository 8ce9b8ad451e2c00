# R's methods on the carparts split (train months 1-45, h = 6): croston()
# (alpha 0.1), SBA (croston x (1 - alpha/2)), TSB (written here: the forecast
# package has none; alpha = beta = 0.1, the usual fixed values), ses() and
# ets() (with its 0.8 and 0.95 quantiles, for the scaled pinball loss).
# Usage: Rscript carparts.R filtered.csv forecasts.csv times.csv
# times.csv rows: method,wall seconds,CPU seconds (user + sys).
suppressMessages(library(forecast))
a <- commandArgs(TRUE)
d <- read.csv(a[1], colClasses = c("character", "character", "numeric"))
H <- 6; train <- 45
tsb <- function(y, h, alpha = 0.1, beta = 0.1) {
  nz <- which(y > 0)
  if (length(nz) == 0) return(rep(0, h))
  f <- nz[1]
  p <- 1 / f; z <- y[f]
  if (f < length(y)) for (v in y[(f + 1):length(y)]) {
    if (v > 0) { p <- p + beta * (1 - p); z <- z + alpha * (v - z) } else p <- p - beta * p
  }
  rep(p * z, h)
}
ids <- unique(d$id)
secs <- c(croston = 0, sba = 0, tsb = 0, ses = 0, ets = 0)
cpus <- secs
now <- function() { p <- proc.time(); c(p[["elapsed"]], p[["user.self"]] + p[["sys.self"]]) }
tick <- function(m, t0) { d <- now() - t0; secs[[m]] <<- secs[[m]] + d[1]; cpus[[m]] <<- cpus[[m]] + d[2] }
out <- vector("list", length(ids) * 5)
k <- 0
for (id in ids) {
  y <- d$value[d$id == id][1:train]
  fs <- list()
  t <- now()
  cr <- as.numeric(croston(y, h = H)$mean); fs$croston <- cr
  tick("croston", t); tick("sba", t)
  fs$sba <- cr * (1 - 0.1 / 2)
  t <- now(); fs$tsb <- tsb(y, H); tick("tsb", t)
  t <- now(); fs$ses <- as.numeric(ses(y, h = H)$mean); tick("ses", t)
  t <- now()
  fc <- tryCatch(forecast(ets(ts(y, frequency = 12)), h = H, level = c(60, 90)), error = function(e) NULL)
  if (is.null(fc)) {
    fs$ets <- rep(mean(y), H); q80 <- fs$ets; q95 <- fs$ets
  } else {
    fs$ets <- as.numeric(fc$mean); q80 <- as.numeric(fc$upper[, 1]); q95 <- as.numeric(fc$upper[, 2])
  }
  tick("ets", t)
  # ets' own quantiles (normal): the upper ends of its 60 % and 90 % intervals
  fs[["ets@0.8"]] <- q80; fs[["ets@0.95"]] <- q95
  for (m in names(fs)) { k <- k + 1; out[[k]] <- data.frame(id = id, h = 1:H, model = m, mean = pmax(fs[[m]], 0)) }
}
write.csv(do.call(rbind, out[1:k]), a[2], row.names = FALSE, quote = FALSE)
write.table(data.frame(names(secs), sprintf("%.2f", secs), sprintf("%.2f", cpus)), a[3], sep = ",", row.names = FALSE, col.names = FALSE, quote = FALSE)
