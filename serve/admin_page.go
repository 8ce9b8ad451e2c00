package serve

import (
	"context"
	"html/template"
	"net/http"
	"os"
	"sort"
	"strings"
)

// adminView is what the administration page shows.
type adminView struct {
	Lang, LangParam, CSRF string
	Nav                   []crumb
	Msg                   string // result of the last action
	Failed                bool
	Waiting               []string
	Files                 []map[string]any // serve_files, newest first
	Runs                  []map[string]any // serve_runs, newest first
}

// handleAdmin renders the administration page: upload and run-now forms
// (POSTs carrying the session's CSRF token), the files waiting in the inbox,
// the files taken and the runs.
func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request) {
	s.renderAdmin(w, r, http.StatusOK, "", false)
}

// handleAdminUpload stores the form's file in the inbox under a sanitised
// name and shows the result.
func (s *Server) handleAdminUpload(w http.ResponseWriter, r *http.Request) {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		s.renderAdmin(w, r, http.StatusBadRequest, label(s.lang(r), "adm.no_file"), true)
		return
	}
	defer f.Close()
	name, err := sanitizeUploadName(hdr.Filename)
	if err != nil {
		s.renderAdmin(w, r, http.StatusBadRequest, err.Error(), true)
		return
	}
	_, code, err := s.storeUpload(name, f)
	if err != nil {
		s.renderAdmin(w, r, code, err.Error(), true)
		return
	}
	s.renderAdmin(w, r, http.StatusAccepted, name+": "+label(s.lang(r), "adm.queued"), false)
}

// handleAdminRun starts a refresh now and shows the result.
func (s *Server) handleAdminRun(w http.ResponseWriter, r *http.Request) {
	if !s.startManualRun(r.Context()) {
		s.renderAdmin(w, r, http.StatusConflict, label(s.lang(r), "adm.busy"), true)
		return
	}
	s.renderAdmin(w, r, http.StatusAccepted, label(s.lang(r), "adm.started"), false)
}

func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, code int, msg string, failed bool) {
	lp := r.URL.Query().Get("lang")
	v := adminView{Lang: s.lang(r), LangParam: lp, Nav: navLinks(lp, true), Msg: msg, Failed: failed, Waiting: s.inboxWaiting()}
	if sess, ok := r.Context().Value(sessionKey).(*session); ok {
		v.CSRF = sess.csrf
	}
	ctx := context.WithoutCancel(r.Context())
	var err error
	if v.Files, err = queryMaps(ctx, s.w, `SELECT name, status, bytes, taken_at, COALESCE(message, '') AS message FROM serve_files ORDER BY taken_at DESC LIMIT 30`); err != nil {
		s.log.Error("admin page", "err", err)
	}
	if v.Runs, err = queryMaps(ctx, s.w, `SELECT run_id, kind, status, started_at, seconds FROM serve_runs ORDER BY run_id DESC LIMIT 10`); err != nil {
		s.log.Error("admin page", "err", err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	if err := adminPage.Execute(w, v); err != nil {
		s.log.Error("admin page", "err", err)
	}
}

// inboxWaiting lists the files in the inbox not taken yet.
func (s *Server) inboxWaiting() []string {
	ents, err := os.ReadDir(s.inbox.dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		if n := e.Name(); e.Type().IsRegular() && !strings.HasPrefix(n, ".") && !strings.HasSuffix(n, doneSuffix) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

var adminPage = template.Must(template.New("admin").Funcs(template.FuncMap{"T": label}).Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>retour: {{T .Lang "nav.admin"}}</title>
<style>
body{font-family:system-ui,sans-serif;margin:1rem 2rem;color:#1d2733}nav a{margin-right:1rem}
form{margin:.8rem 0;padding:.6rem;background:#f3f5f8;display:flex;gap:.6rem;align-items:center}
table{border-collapse:collapse;margin:.6rem 0}th,td{padding:.25rem .6rem;border-bottom:1px solid #dde3ea;text-align:left}
.ok{color:#17603a}.failed{color:#a01c1c}
</style></head><body>
<nav>{{range .Nav}}<a href="{{.Href}}" id="{{.ID}}">{{T $.Lang .Label}}</a>{{end}}</nav>
<h1>{{T .Lang "nav.admin"}}</h1>
{{if .Msg}}<p id="result" role="status" class="{{if .Failed}}failed{{else}}ok{{end}}">{{.Msg}}</p>{{end}}
<form method="post" action="/admin/upload{{if .LangParam}}?lang={{.LangParam}}{{end}}" enctype="multipart/form-data" id="upload">
<input type="hidden" name="csrf_token" value="{{.CSRF}}">
<label>{{T .Lang "adm.upload"}} <input type="file" name="file" id="upload-file" required></label>
<button type="submit" id="upload-submit">{{T .Lang "adm.send"}}</button></form>
<form method="post" action="/admin/run{{if .LangParam}}?lang={{.LangParam}}{{end}}" id="run">
<input type="hidden" name="csrf_token" value="{{.CSRF}}">
<span>{{T .Lang "adm.run_note"}}</span><button type="submit" id="run-now">{{T .Lang "adm.run"}}</button></form>
<h2>{{T .Lang "adm.waiting"}}</h2>
{{if .Waiting}}<ul id="waiting">{{range .Waiting}}<li>{{.}}</li>{{end}}</ul>{{else}}<p>{{T .Lang "exp.none"}}</p>{{end}}
<h2>{{T .Lang "adm.files"}}</h2>
<table id="files"><tr><th>{{T .Lang "adm.file"}}</th><th>{{T .Lang "adm.status"}}</th><th>{{T .Lang "adm.bytes"}}</th><th>{{T .Lang "adm.taken"}}</th><th>{{T .Lang "adm.message"}}</th></tr>
{{range .Files}}<tr data-name="{{.name}}"><td>{{.name}}</td><td data-k="status">{{.status}}</td><td>{{.bytes}}</td><td>{{.taken_at}}</td><td>{{.message}}</td></tr>{{end}}</table>
<h2>{{T .Lang "adm.runs"}}</h2>
<table id="runs"><tr><th>#</th><th>{{T .Lang "adm.kind"}}</th><th>{{T .Lang "adm.status"}}</th><th>{{T .Lang "adm.started_at"}}</th><th>s</th></tr>
{{range .Runs}}<tr><td>{{.run_id}}</td><td>{{.kind}}</td><td>{{.status}}</td><td>{{.started_at}}</td><td>{{.seconds}}</td></tr>{{end}}</table>
</body></html>
`))

// isAdmin says whether the request is an admin's (the admin link is shown
// to admins only; the admin routes check the role themselves).
func (s *Server) isAdmin(r *http.Request) bool {
	role, _ := s.auth.identify(r)
	return role >= RoleAdmin
}
