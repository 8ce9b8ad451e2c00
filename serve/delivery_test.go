package serve

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/retour-analytics/retour/kpi"
	"github.com/retour-analytics/retour/warehouse"
)

// received is one message the test SMTP server accepted.
type received struct {
	from string
	to   []string
	user string
	tls  bool
	msg  []byte
}

type mailbox struct {
	mu   sync.Mutex
	msgs []received
}

type smtpSession struct {
	box  *mailbox
	conn *smtp.Conn
	cur  received
}

func (s *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "retour" || pass != "smtp-secret" {
			return errors.New("bad credentials")
		}
		s.cur.user = user
		return nil
	}), nil
}
func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error { s.cur.from = from; return nil }
func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.to = append(s.cur.to, to)
	return nil
}
func (s *smtpSession) Data(r io.Reader) error {
	if s.cur.user == "" {
		return errors.New("authenticate first")
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, s.cur.tls = s.conn.TLSConnectionState()
	s.cur.msg = b
	s.box.mu.Lock()
	s.box.msgs = append(s.box.msgs, s.cur)
	s.box.mu.Unlock()
	s.cur = received{user: s.cur.user}
	return nil
}
func (s *smtpSession) Reset()        { s.cur = received{user: s.cur.user} }
func (s *smtpSession) Logout() error { return nil }

// startSMTP runs a go-smtp server on loopback offering STARTTLS with a
// certificate made for the test, and requiring AUTH PLAIN.
func startSMTP(t *testing.T) (*mailbox, int, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	box := &mailbox{}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &smtpSession{box: box, conn: c}, nil }))
	srv.Domain = "127.0.0.1"
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	srv.AllowInsecureAuth = false
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return box, ln.Addr().(*net.TCPAddr).Port, pool
}

// parsed is a received message's subject, text and attachments.
type parsed struct {
	subject, text string
	files         map[string][]byte
}

func parseMail(t *testing.T, raw []byte) parsed {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	subj, _ := dec.DecodeHeader(m.Header.Get("Subject"))
	_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	p := parsed{subject: subj, files: map[string][]byte{}}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		part, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(part)
		if name := part.FileName(); name != "" {
			data, err := decodeBase64(b)
			if err != nil {
				t.Fatalf("attachment %s: %v", name, err)
			}
			p.files[name] = data
		} else {
			p.text = string(b)
		}
	}
	return p
}

func TestDelivery(t *testing.T) {
	box, port, pool := startSMTP(t)
	t.Setenv("RETOUR_TEST_SMTP_PW", "smtp-secret")
	cfg := fmt.Sprintf(`smtp:
  host: 127.0.0.1
  port: %d
  username: retour
  password_env: RETOUR_TEST_SMTP_PW
  from: retour@example.com
  starttls: true
audiences:
  - {name: operations, pack: operations, to: [director@example.com]}
  - {name: marketing, pack: reasons, to: [product@example.com, brand@example.com]}
  - {name: csr, pack: carbon, to: [csr@example.com]}
alerts:
  to: [alerts@example.com]
  cooldown: 720h
  thresholds:
    - {kpi: return_rate, scope: total, above: 0}
chromium: ""
`, port)
	var packs map[string]string
	pipe := Pipeline{
		Load: func(context.Context, *warehouse.DB, string, LoadOptions) (LoadResult, error) {
			return LoadResult{}, nil
		},
		Refresh: func(context.Context, *warehouse.DB, string, string) (RefreshResult, error) {
			return RefreshResult{Week: "2026-W46", Packs: packs}, nil // the packs the fixture wrote
		},
	}
	e := newEnv(t, cfg, &pipe)
	packs = map[string]string{}
	for _, p := range PackNames {
		packs[p] = filepath.Join(e.cfg.ReportsDir, "2026-W46", p+".html")
	}
	e.s.mailTLS = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
	ctx := context.Background()
	alertCounts := []int{}
	for run := 1; run <= 3; run++ {
		before := len(box.msgs)
		if _, err := e.s.weeklyRun(ctx); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		byTo := map[string][]parsed{}
		alerts := 0
		for _, r := range box.msgs[before:] {
			if !r.tls || r.user != "retour" {
				t.Fatalf("message sent without STARTTLS (%v) or authentication (%q)", r.tls, r.user)
			}
			p := parseMail(t, r.msg)
			if strings.HasPrefix(p.subject, "retour alert: ") {
				alerts++
				continue
			}
			byTo[strings.Join(r.to, ",")] = append(byTo[strings.Join(r.to, ",")], p)
		}
		alertCounts = append(alertCounts, alerts)
		for _, a := range []struct{ to, pack string }{{"director@example.com", "operations"}, {"product@example.com,brand@example.com", "reasons"}, {"csr@example.com", "carbon"}} {
			got := byTo[a.to]
			if len(got) != 1 {
				t.Fatalf("run %d: %s received %d messages, want 1", run, a.to, len(got))
			}
			want, _ := os.ReadFile(packs[a.pack])
			att := got[0].files["retour-"+a.pack+"-2026-W46.html"]
			if len(want) == 0 || !bytes.Equal(att, want) {
				t.Fatalf("run %d: %s: attachment of %d bytes, want the %s pack (%d bytes); files %v", run, a.to, len(att), a.pack, len(want), keys(got[0].files))
			}
			if !contains(got[0].text, "week 2026-W46", "attached") {
				t.Errorf("summary text %q", got[0].text)
			}
			if a.pack == "reasons" {
				checkReasonSummary(t, e, got[0].text)
			}
		}
		if len(byTo) != 3 {
			t.Errorf("run %d: pack messages to %v, want 3 audiences", run, keys(byTo))
		}
	}
	if alertCounts[0] == 0 || alertCounts[1] != 0 || alertCounts[2] != 0 {
		t.Fatalf("alert messages per run %v: want some in the first run and none after (each alert sent once)", alertCounts)
	}
	var keysSent, once int
	if err := e.w.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE times_sent = 1) FROM serve_alerts`).Scan(&keysSent, &once); err != nil {
		t.Fatal(err)
	}
	if keysSent != alertCounts[0] || once != keysSent {
		t.Errorf("serve_alerts: %d keys, %d sent once; %d alert messages", keysSent, once, alertCounts[0])
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestPrintPDF(t *testing.T) {
	if _, err := os.Stat("/usr/bin/chromium"); err != nil {
		t.Skip("no /usr/bin/chromium: PDF printing not tested")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "p.html")
	_ = os.WriteFile(page, []byte("<!doctype html><title>x</title><h1>Week 2026-W46</h1>"), 0o644)
	s := &Server{cfg: &Config{Chromium: "/usr/bin/chromium"}, log: discardLogger()}
	pdf := s.printPDF(context.Background(), page)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("no PDF: %d bytes", len(pdf))
	}
	s.cfg.Chromium = filepath.Join(dir, "no-chromium")
	if s.printPDF(context.Background(), page) != nil {
		t.Fatal("a PDF without Chromium")
	}
}

func decodeBase64(b []byte) ([]byte, error) {
	return base64Decode(strings.NewReplacer("\r", "", "\n", "").Replace(string(b)))
}

func base64Decode(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }

// TestPackAudiences checks that every pack an audience can receive has KPIs
// to summarise in its mail, but the reasons pack, whose figures are reason
// shares (no KPI has the marketing audience).
func TestPackAudiences(t *testing.T) {
	kpis := map[string]int{}
	for _, k := range kpi.Registry() {
		kpis[k.Audience]++
	}
	for _, p := range PackNames {
		if p != "reasons" && kpis[packAudience[p]] == 0 {
			t.Errorf("pack %s: audience %q has no KPI to summarise", p, packAudience[p])
		}
	}
}

// checkReasonSummary: the reasons pack's mail names the week's largest
// reason with its units as weekly_returned holds them, and says whether a
// reason alert was detected that week.
func checkReasonSummary(t *testing.T, e *env, text string) {
	t.Helper()
	var reason string
	var units int64
	if err := e.w.QueryRow(context.Background(), `SELECT reason, SUM(units)::BIGINT u FROM weekly_returned
		WHERE iso_week = '2026-W46' GROUP BY reason ORDER BY u DESC, reason LIMIT 1`).Scan(&reason, &units); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("- %s: %d units", reason, units); !strings.Contains(text, want) || !strings.Contains(text, "eason alert") {
		t.Errorf("reasons summary lacks %q or the alerts line:\n%s", want, text)
	}
}
