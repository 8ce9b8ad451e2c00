# R's forecast package per SKU on the demo series, at the bench origins:
# ets() (automatic exponential smoothing) and croston(), as a data team would
# run a generic per-series library. Usage:
#   Rscript demo.R series.csv origins.txt forecasts.csv times.csv
suppressMessages(library(forecast))
a <- commandArgs(TRUE)
d <- read.csv(a[1], colClasses = c("character", "integer", "numeric"))
origins <- scan(a[2], quiet = TRUE)
H <- 13
ids <- unique(d$id)
out <- vector("list", length(ids) * length(origins) * 2)
k <- 0
secs <- c(ets = 0, croston = 0)
for (id in ids) {
  y <- d$value[d$id == id]
  first <- which(y > 0)[1]
  for (o in origins) {
    yy <- if (is.na(first) || first > o) c(0, 0) else y[first:o]
    t0 <- proc.time()[["elapsed"]]
    fe <- tryCatch(as.numeric(forecast(ets(ts(yy, frequency = 52)), h = H)$mean),
                   error = function(e) rep(mean(yy), H))
    t1 <- proc.time()[["elapsed"]]
    fc <- tryCatch(as.numeric(croston(yy, h = H)$mean), error = function(e) rep(0, H))
    t2 <- proc.time()[["elapsed"]]
    secs[["ets"]] <- secs[["ets"]] + t1 - t0
    secs[["croston"]] <- secs[["croston"]] + t2 - t1
    k <- k + 1; out[[k]] <- data.frame(id = id, origin = o, h = 1:H, model = "ets", mean = pmax(fe, 0))
    k <- k + 1; out[[k]] <- data.frame(id = id, origin = o, h = 1:H, model = "croston", mean = pmax(fc, 0))
  }
}
write.csv(do.call(rbind, out[1:k]), a[3], row.names = FALSE, quote = FALSE)
write.table(data.frame(names(secs), sprintf("%.2f", secs)), a[4], sep = ",", row.names = FALSE, col.names = FALSE, quote = FALSE)
