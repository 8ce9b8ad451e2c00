package serve

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// Options configure a Server. Config and Pipeline are required.
type Options struct {
	// Config is the validated configuration (LoadConfig).
	Config *Config
	// Pipeline runs the stages.
	Pipeline Pipeline
	// Now is the clock (default time.Now); tests inject their own.
	Now func() time.Time
	// Log receives the service's log lines (default: text on stderr).
	Log *slog.Logger
	// Tick is how often the schedule is checked (default 20s).
	Tick time.Duration
}

// Server is one running retour serve.
type Server struct {
	cfg       *Config
	w         *warehouse.DB
	pipe      Pipeline
	now       func() time.Time
	log       *slog.Logger
	tick      time.Duration
	auth      *auth
	metrics   *metrics
	limiter   *limiter
	cron      *Cron
	loc       *time.Location
	inbox     *inbox
	routes    []string // "METHOD /path" of every route, for the OpenAPI test
	cache     viewCache[ExplorerQuery, *ExplorerView]
	packCache viewCache[PackQuery, *PackView]
	version   atomic.Uint64 // bumped when a run ends: cached views are dropped
	readers   chan struct{} // slots for warehouse reads from HTTP

	runMu   sync.Mutex  // held for the whole of a run: runs never overlap
	pdfOnce sync.Once   // "no Chromium" is logged once
	mailTLS *tls.Config // nil: verify the SMTP server against the system roots
	ready   bool
	readyMu sync.Mutex
}

// New checks opts and prepares a server on the open warehouse w; the
// caller keeps w and closes it after Run returns.
func New(w *warehouse.DB, opts Options) (*Server, error) {
	if opts.Config == nil || opts.Pipeline.Load == nil || opts.Pipeline.Refresh == nil {
		return nil, errors.New("serve: Options need Config, Pipeline.Load and Pipeline.Refresh")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if opts.Tick <= 0 {
		opts.Tick = 20 * time.Second
	}
	c := opts.Config
	cr, err := ParseCron(c.Schedule)
	if err != nil {
		return nil, err
	}
	a, err := newAuth(c.Tokens, opts.Now)
	if err != nil {
		return nil, fmt.Errorf("%w: tokens: %v", ErrConfig, err)
	}
	s := &Server{cfg: c, w: w, pipe: opts.Pipeline, now: opts.Now, log: opts.Log, tick: opts.Tick,
		auth: a, metrics: newMetrics(), limiter: newLimiter(c.Limits.RequestsPerMinute, opts.Now),
		cron: cr, loc: c.Location(), inbox: newInbox(c.Inbox), readers: make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))}
	for _, d := range []string{c.ReportsDir, s.inbox.dir, s.inbox.archive, s.inbox.failed} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return nil, fmt.Errorf("create %s: %w", d, err)
		}
	}
	return s, nil
}

// Run serves HTTP on the configured address, watches the inbox and keeps the
// schedule until ctx ends. A scheduled run missed while the process was down
// runs once at start.
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Listen, err)
	}
	return s.Serve(ctx, ln)
}

// Serve is Run on a listener the caller opened.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: 32 << 10,
		IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	if err := s.recordStart(ctx); err != nil {
		return err
	}
	s.log.Info("retour serve listening", "url", "http://"+ln.Addr().String(), "warehouse", s.w.Path(), "inbox", s.inbox.dir, "schedule", s.cron.String(), "timezone", s.loc.String())
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); s.scheduleLoop(ctx) }()
	go func() { defer wg.Done(); s.inboxLoop(ctx) }()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.setReady(true)
	var serr error
	select {
	case <-ctx.Done():
	case serr = <-errc:
	}
	s.setReady(false)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	shutErr := hs.Shutdown(sctx)
	wg.Wait()
	if errors.Is(serr, http.ErrServerClosed) {
		serr = nil
	}
	return errors.Join(serr, shutErr)
}

func (s *Server) setReady(v bool) {
	s.readyMu.Lock()
	s.ready = v
	s.readyMu.Unlock()
}

func (s *Server) isReady() bool {
	s.readyMu.Lock()
	defer s.readyMu.Unlock()
	return s.ready
}

// discardLogger is for tests and benchmarks that do not want log lines.
func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
