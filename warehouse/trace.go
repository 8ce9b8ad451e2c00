package warehouse

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// QueryTraceEnv names the environment variable that, set to 1, makes every
// DB.Query and DB.QueryRow print its wall and CPU time (the process's user
// + system time, every thread) and the start of its SQL to standard error:
// where a slow `retour report` or `retour status` spends its time
// (`RETOUR_QUERY_TRACE=1 retour report ...`). A Query's time is its
// execution; reading its rows afterwards is not counted.
const QueryTraceEnv = "RETOUR_QUERY_TRACE"

// queryTrace is where traced queries are printed; nil when tracing is off.
var queryTrace io.Writer = func() io.Writer {
	if os.Getenv(QueryTraceEnv) == "1" {
		return os.Stderr
	}
	return nil
}()

// traceQuery starts timing q; the returned function prints the time spent.
func traceQuery(q string) func() {
	if queryTrace == nil {
		return func() {}
	}
	t0, c0 := time.Now(), processCPU()
	return func() {
		s := strings.Join(strings.Fields(q), " ")
		if r := []rune(s); len(r) > 120 {
			s = string(r[:119]) + "…"
		}
		fmt.Fprintf(queryTrace, "query %8.3f s wall %8.3f s cpu  %s\n", time.Since(t0).Seconds(), (processCPU() - c0).Seconds(), s)
	}
}
