# R's forecast package on a monthly benchmark set (M1 monthly, Tourism
# monthly): ets(), thetaf(), auto.arima() and snaive() with defaults, fitted
# on each series' training part, forecast h steps. Each method is timed.
# Usage: Rscript monthly.R train.csv h forecasts.csv times.csv
suppressMessages(library(forecast))
a <- commandArgs(TRUE)
d <- read.csv(a[1], colClasses = c("character", "character", "numeric"))
H <- as.integer(a[2])
ids <- unique(d$id)
meths <- c("ets", "theta", "arima", "snaive")
secs <- setNames(rep(0, length(meths)), meths)
out <- vector("list", length(ids) * length(meths))
k <- 0
run <- function(m, y) switch(m,
  ets = forecast(ets(y), h = H)$mean,
  theta = thetaf(y, h = H)$mean,
  arima = forecast(auto.arima(y), h = H)$mean,
  snaive = snaive(y, h = H)$mean)
for (id in ids) {
  r <- d[d$id == id, ]
  r <- r[order(r$date), ]
  st <- as.integer(strsplit(r$date[1], "-")[[1]][1:2])
  y <- ts(r$value, start = st, frequency = 12)
  for (m in meths) {
    t <- proc.time()[["elapsed"]]
    f <- tryCatch(as.numeric(run(m, y)), error = function(e) rep(tail(r$value, 1), H))
    secs[[m]] <- secs[[m]] + proc.time()[["elapsed"]] - t
    k <- k + 1
    out[[k]] <- data.frame(id = id, h = 1:H, model = m, mean = f)
  }
}
write.csv(do.call(rbind, out[1:k]), a[3], row.names = FALSE, quote = FALSE)
write.table(data.frame(names(secs), sprintf("%.2f", secs)), a[4], sep = ",", row.names = FALSE, col.names = FALSE, quote = FALSE)
