package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Content-Security-Policy headers: the packs' own (inline scripts and
// styles, nothing fetched) for the archive, and a stricter one, without
// scripts, for the pages serve renders.
const (
	cspArchive = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
	cspPages   = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

type ctxKey int

const (
	sessionKey ctxKey = iota
	serverKey
)

// Handler is the whole HTTP surface. Nothing but /healthz and the sign-in
// form's POST is served without a valid token or session.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.routes = nil
	add := func(route string, need Role, h http.HandlerFunc) {
		s.routes = append(s.routes, route)
		mux.Handle(route, s.wrap(route, need, h))
	}
	open := func(route string, h http.HandlerFunc) { add(route, RoleNone, h) }
	view := func(route string, h http.HandlerFunc) { add(route, RoleViewer, h) }
	admin := func(route string, h http.HandlerFunc) { add(route, RoleAdmin, h) }
	open("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	open("POST /signin", s.handleSignIn)
	view("POST /signout", s.handleSignOut)
	view("GET /readyz", s.handleReady)
	view("GET /metrics", s.handleMetrics)
	view("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/reports/index.html", http.StatusSeeOther)
	})
	view("GET /reports/{path...}", s.handleArchive)
	view("GET /explorer", s.handleExplorer)
	for _, p := range []string{"returns", "reasons", "carbon", "claims"} {
		view("GET /explorer/"+p, s.handlePackExplorer(p))
		view("GET /api/v1/explorer/"+p, s.apiPackExplorer(p))
	}
	view("GET /api/v1/openapi.json", s.handleOpenAPI)
	view("GET /api/v1/session", s.handleSession)
	view("GET /api/v1/weeks", s.apiWeeks)
	view("GET /api/v1/kpis", s.apiKPIs)
	view("GET /api/v1/forecasts", s.apiForecasts)
	view("GET /api/v1/accuracy", s.apiAccuracy)
	view("GET /api/v1/alerts", s.apiAlerts)
	view("GET /api/v1/capabilities", s.apiCapabilities)
	view("GET /api/v1/load-runs", s.apiLoadRuns)
	view("GET /api/v1/quarantine", s.apiQuarantine)
	view("GET /api/v1/runs", s.apiRuns)
	view("GET /api/v1/explorer", s.apiExplorer)
	admin("GET /admin", s.handleAdmin)
	admin("POST /admin/upload", s.handleAdminUpload)
	admin("POST /admin/run", s.handleAdminRun)
	admin("POST /api/v1/runs", s.apiRunNow)
	admin("POST /api/v1/upload", s.apiUpload)
	return mux
}

// statusWriter remembers the status code for the metrics.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// wrap adds the security headers, the rate and size limits, the access
// check (role, CSRF on session POSTs) and the latency metrics.
func (s *Server) wrap(route string, need Role, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		t0 := time.Now()
		w := &statusWriter{ResponseWriter: rw}
		defer func() {
			s.metrics.add("retour_http_requests_total", 1, "route", route, "code", strconv.Itoa(w.code))
			s.metrics.observeDuration("retour_http_request_duration_seconds", httpBuckets, time.Since(t0), "route", route)
		}()
		hd := w.Header()
		hd.Set("Content-Security-Policy", cspPages)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cache-Control", "no-store")
		if !s.limiter.allow(clientAddr(r)) {
			hd.Set("Retry-After", "5")
			httpError(w, r, http.StatusTooManyRequests, "too many requests; slow down")
			return
		}
		limit := s.cfg.Limits.MaxBodyBytes
		if route == "POST /api/v1/upload" || route == "POST /admin/upload" {
			limit = s.cfg.Limits.MaxUploadBytes
		}
		if r.ContentLength > limit {
			httpError(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body over %d bytes", limit))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if need > RoleNone {
			role, sess := s.auth.identify(r)
			switch {
			case role == RoleNone:
				s.unauthorized(w, r)
				return
			case role < need:
				httpError(w, r, http.StatusForbidden, "this needs an admin token")
				return
			case sess != nil && r.Method == http.MethodPost && !validCSRF(r, sess):
				httpError(w, r, http.StatusForbidden, "missing or wrong CSRF token (X-CSRF-Token header or csrf_token field); reload the page")
				return
			}
			if sess != nil {
				r = r.WithContext(context.WithValue(r.Context(), sessionKey, sess))
			}
		}
		h(w, r.WithContext(context.WithValue(r.Context(), serverKey, s)))
	})
}

func validCSRF(r *http.Request, s *session) bool {
	tok := r.Header.Get("X-CSRF-Token")
	ct := r.Header.Get("Content-Type")
	if tok == "" && (ct == "application/x-www-form-urlencoded" || strings.HasPrefix(ct, "multipart/form-data")) {
		tok = r.PostFormValue("csrf_token") // a multipart body is parsed here (large files spill to temporary files)
	}
	return tok != "" && tok == s.csrf
}

// httpError answers JSON to API clients and plain text otherwise.
func httpError(w http.ResponseWriter, r *http.Request, code int, msg string) {
	if wantsJSON(r) {
		writeJSON(w, code, map[string]string{"error": msg})
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(code)
	_, _ = fmt.Fprintln(w, msg)
}

func wantsJSON(r *http.Request) bool {
	return len(r.URL.Path) >= 5 && r.URL.Path[:5] == "/api/" || r.Header.Get("Accept") == "application/json"
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w) // escapes <, > and & so no markup survives
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	if !s.isReady() {
		httpError(w, r, http.StatusServiceUnavailable, "starting or stopping")
		return
	}
	if err := s.w.SQL().PingContext(r.Context()); err != nil {
		httpError(w, r, http.StatusServiceUnavailable, "warehouse: "+err.Error())
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

func (s *Server) handleMetrics(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_ = s.metrics.write(w)
}
