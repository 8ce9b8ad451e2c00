//go:build !unix

package warehouse

import "time"

// processCPU is not measured off unix: the trace shows 0 s of CPU.
func processCPU() time.Duration { return 0 }
