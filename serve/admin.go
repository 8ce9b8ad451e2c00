package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

var safeFileName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$`)

// uploadName checks an uploaded file's name: one plain name inside the
// inbox, no separators, no leading dot, not a .done marker.
func uploadName(name string) (string, error) {
	if !safeFileName.MatchString(name) || strings.Contains(name, "..") || strings.HasSuffix(name, doneSuffix) {
		return "", fmt.Errorf("%w: file name %q: use letters, digits, '.', '_' and '-' only", ErrUnsafePath, name)
	}
	return name, nil
}

// apiUpload stores the request body as inbox/<name> (?name=) and marks it
// complete; the inbox loads it at once.
func (s *Server) apiUpload(w http.ResponseWriter, r *http.Request) {
	name, err := uploadName(r.URL.Query().Get("name"))
	if err != nil {
		httpError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	dst := filepath.Join(s.inbox.dir, name)
	if _, err := os.Lstat(dst); err == nil {
		httpError(w, r, http.StatusConflict, name+" is already waiting in the inbox")
		return
	}
	tmp, err := os.CreateTemp(s.inbox.dir, ".upload-*")
	if err != nil {
		httpError(w, r, http.StatusInternalServerError, "store upload: "+err.Error())
		return
	}
	n, err := io.Copy(tmp, r.Body)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil && n == 0 {
		err = errors.New("empty body")
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dst)
	}
	if err == nil {
		err = os.WriteFile(dst+doneSuffix, nil, 0o640)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		code := http.StatusBadRequest
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			code = http.StatusRequestEntityTooLarge
		}
		httpError(w, r, code, "upload "+name+": "+err.Error())
		return
	}
	select {
	case s.inbox.kick <- struct{}{}:
	default:
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"file": name, "bytes": n, "status": "queued in the inbox"})
}

// apiRunNow starts the pipeline refresh (forecast, KPIs, packs) at once;
// 409 when a run is in progress.
func (s *Server) apiRunNow(w http.ResponseWriter, r *http.Request) {
	if !s.runMu.TryLock() {
		httpError(w, r, http.StatusConflict, ErrBusy.Error())
		return
	}
	go func() {
		defer s.runMu.Unlock()
		ctx := context.WithoutCancel(r.Context())
		err := s.runHeld(ctx, KindManual, zeroTime, func(ctx context.Context, _ int64) (string, error) {
			res, err := s.pipe.Refresh(ctx, s.w, s.cfg.ReportsDir, s.cfg.Language)
			return strings.Join(res.Lines, "\n"), err
		})
		if err != nil {
			s.log.Error("manual run", "err", err)
		}
	}()
	writeJSON(w, http.StatusAccepted, map[string]string{"status": "started"})
}
