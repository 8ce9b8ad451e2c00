package serve

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// Role is what a token or session may do.
type Role int

const (
	// RoleNone is an anonymous request.
	RoleNone Role = iota
	// RoleViewer reads the archive, explorer and API.
	RoleViewer
	// RoleAdmin also uploads files and starts runs.
	RoleAdmin
)

func (r Role) String() string {
	switch r {
	case RoleViewer:
		return "viewer"
	case RoleAdmin:
		return "admin"
	}
	return "none"
}

const (
	sessionCookie = "retour_session"
	sessionTTL    = 12 * time.Hour
	minTokenLen   = 16
)

// hashToken turns a config token entry (plain, "sha256:<hex>" or "env:NAME")
// into its SHA-256.
func hashToken(entry string) ([32]byte, error) {
	var h [32]byte
	switch {
	case strings.HasPrefix(entry, "sha256:"):
		b, err := hex.DecodeString(strings.TrimPrefix(entry, "sha256:"))
		if err != nil || len(b) != 32 {
			return h, errors.New("sha256: needs 64 hex digits")
		}
		copy(h[:], b)
		return h, nil
	case strings.HasPrefix(entry, "env:"):
		name := strings.TrimPrefix(entry, "env:")
		v := os.Getenv(name)
		if v == "" {
			return h, fmt.Errorf("environment variable %s is empty or not set", name)
		}
		entry = v
	}
	if len(entry) < minTokenLen {
		return h, fmt.Errorf("token shorter than %d characters", minTokenLen)
	}
	return sha256.Sum256([]byte(entry)), nil
}

// session is a signed-in browser.
type session struct {
	role    Role
	csrf    string
	expires time.Time
}

// auth holds the token hashes and the sessions, in memory only.
type auth struct {
	viewers, admins [][32]byte
	mu              sync.Mutex
	sessions        map[[32]byte]*session // keyed by SHA-256 of the cookie value
	now             func() time.Time
}

func newAuth(c TokensConfig, now func() time.Time) (*auth, error) {
	a := &auth{sessions: map[[32]byte]*session{}, now: now}
	for _, t := range c.Viewers {
		h, err := hashToken(t)
		if err != nil {
			return nil, err
		}
		a.viewers = append(a.viewers, h)
	}
	for _, t := range c.Admins {
		h, err := hashToken(t)
		if err != nil {
			return nil, err
		}
		a.admins = append(a.admins, h)
	}
	return a, nil
}

// roleOfToken checks a presented token in constant time per stored hash.
func (a *auth) roleOfToken(tok string) Role {
	if tok == "" {
		return RoleNone
	}
	h := sha256.Sum256([]byte(tok))
	role := RoleNone
	for _, x := range a.admins {
		if subtle.ConstantTimeCompare(h[:], x[:]) == 1 {
			role = RoleAdmin
		}
	}
	for _, x := range a.viewers {
		if subtle.ConstantTimeCompare(h[:], x[:]) == 1 && role == RoleNone {
			role = RoleViewer
		}
	}
	return role
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err)) // never happens on supported systems
	}
	return hex.EncodeToString(b)
}

// newSession stores a session and returns the cookie value.
func (a *auth) newSession(role Role) (string, *session) {
	v := randomHex(32)
	s := &session{role: role, csrf: randomHex(16), expires: a.now().Add(sessionTTL)}
	a.mu.Lock()
	defer a.mu.Unlock()
	for k, old := range a.sessions { // drop expired sessions
		if a.now().After(old.expires) {
			delete(a.sessions, k)
		}
	}
	a.sessions[sha256.Sum256([]byte(v))] = s
	return v, s
}

func (a *auth) sessionOf(r *http.Request) *session {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.sessions[sha256.Sum256([]byte(c.Value))]
	if s == nil || a.now().After(s.expires) {
		return nil
	}
	return s
}

func (a *auth) dropSession(r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		a.mu.Lock()
		delete(a.sessions, sha256.Sum256([]byte(c.Value)))
		a.mu.Unlock()
	}
}

// identify returns the request's role and its session (nil for a bearer
// token). Bearer tokens need no CSRF token: browsers never send them on
// their own.
func (a *auth) identify(r *http.Request) (Role, *session) {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return a.roleOfToken(strings.TrimPrefix(h, "Bearer ")), nil
	}
	if s := a.sessionOf(r); s != nil {
		return s.role, s
	}
	return RoleNone, nil
}
