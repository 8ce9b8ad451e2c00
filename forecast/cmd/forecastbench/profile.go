package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"runtime/trace"
)

// startCPUProfile starts a CPU profile written to path and returns the
// function that stops it and closes the file; with path "" it does nothing.
func startCPUProfile(path string) (stop func() error, err error) {
	return startRecording(path, "cpu profile", pprof.StartCPUProfile, pprof.StopCPUProfile)
}

// startTrace starts a Go execution trace (go tool trace) written to path and
// returns the function that stops it and closes the file; with path "" it
// does nothing.
func startTrace(path string) (stop func() error, err error) {
	return startRecording(path, "trace", trace.Start, trace.Stop)
}

// startRecording creates path and starts a recording into it (what names it
// in errors); the returned function stops it and closes the file.
func startRecording(path, what string, start func(io.Writer) error, end func()) (stop func() error, err error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if err := start(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s %s: %w", what, path, err)
	}
	return func() error {
		end()
		return f.Close()
	}, nil
}
