package serve

import (
	"html/template"
	"net/http"
	"strings"
)

var signInPage = template.Must(template.New("signin").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>retour: sign in</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}input,button{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box;margin:.3rem 0}</style>
</head><body><h1>retour</h1><p>Sign in with the access token you were given.</p>
<form method="post" action="/signin"><input type="hidden" name="next" value="{{.Next}}">
<label>Access token <input type="password" name="token" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form>{{if .Failed}}<p role="alert">That token is not valid.</p>{{end}}</body></html>
`))

// unauthorized answers 401: JSON for API clients, the sign-in form for browsers.
func (s *Server) unauthorized(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="retour"`)
	if wantsJSON(r) || r.Method != http.MethodGet {
		httpError(w, r, http.StatusUnauthorized, "sign in first: send Authorization: Bearer <token>, or sign in at /")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusUnauthorized)
	_ = signInPage.Execute(w, map[string]any{"Next": safeNext(r.URL.RequestURI()), "Failed": false})
}

// safeNext keeps a redirect target on this site.
func safeNext(p string) string {
	if len(p) == 0 || p[0] != '/' || len(p) > 1 && (p[1] == '/' || p[1] == '\\') {
		return "/"
	}
	return p
}

// handleSignIn exchanges a token for an HttpOnly, SameSite=Strict session cookie.
func (s *Server) handleSignIn(w http.ResponseWriter, r *http.Request) {
	role := s.auth.roleOfToken(r.PostFormValue("token"))
	if role == RoleNone {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		_ = signInPage.Execute(w, map[string]any{"Next": safeNext(r.PostFormValue("next")), "Failed": true})
		return
	}
	val, _ := s.auth.newSession(role)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: val, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil || strings.HasPrefix(s.cfg.PublicURL, "https:"),
		MaxAge: int(sessionTTL.Seconds())})
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (s *Server) handleSignOut(w http.ResponseWriter, r *http.Request) {
	s.auth.dropSession(r)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// handleSession tells a signed-in page its role and the CSRF token its
// admin forms must send.
func (s *Server) handleSession(w http.ResponseWriter, r *http.Request) {
	out := map[string]string{}
	if sess, ok := r.Context().Value(sessionKey).(*session); ok {
		out["role"], out["csrf_token"] = sess.role.String(), sess.csrf
	} else {
		role, _ := s.auth.identify(r)
		out["role"] = role.String()
	}
	writeJSON(w, http.StatusOK, out)
}
