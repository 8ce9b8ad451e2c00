package serve

import (
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"net/textproto"
	"os"
	"strconv"
	"strings"
	"time"
)

// Attachment is one file attached to a message.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Message is one e-mail: a plain-text body and attachments.
type Message struct {
	To          []string
	Subject     string
	Text        string
	Attachments []Attachment
}

// compose writes the message in MIME: multipart/mixed with a
// quoted-printable text part and base64 attachments.
func compose(from string, m Message, now time.Time) ([]byte, error) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	hdr := []string{
		"From: " + from,
		"To: " + strings.Join(m.To, ", "),
		"Subject: " + mime.QEncoding.Encode("utf-8", m.Subject),
		"Date: " + now.Format(time.RFC1123Z),
		"Message-ID: <" + randomHex(12) + "@retour>",
		"MIME-Version: 1.0",
		"Content-Type: multipart/mixed; boundary=" + strconv.Quote(mw.Boundary()),
	}
	for _, h := range hdr {
		if strings.ContainsAny(h, "\r\n") {
			return nil, fmt.Errorf("compose mail: header %q holds a line break", h)
		}
	}
	var out bytes.Buffer
	out.WriteString(strings.Join(hdr, "\r\n") + "\r\n\r\n")
	tp, err := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"text/plain; charset=utf-8"}, "Content-Transfer-Encoding": {"quoted-printable"}})
	if err != nil {
		return nil, err
	}
	qp := quotedprintable.NewWriter(tp)
	if _, err := qp.Write([]byte(strings.ReplaceAll(m.Text, "\n", "\r\n"))); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	for _, a := range m.Attachments {
		ap, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {mime.FormatMediaType(a.ContentType, map[string]string{"name": a.Name})},
			"Content-Transfer-Encoding": {"base64"},
			"Content-Disposition":       {mime.FormatMediaType("attachment", map[string]string{"filename": a.Name})},
		})
		if err != nil {
			return nil, err
		}
		enc := base64.StdEncoding.EncodeToString(a.Data)
		for len(enc) > 76 {
			if _, err := ap.Write([]byte(enc[:76] + "\r\n")); err != nil {
				return nil, err
			}
			enc = enc[76:]
		}
		if _, err := ap.Write([]byte(enc + "\r\n")); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	out.Write(b.Bytes())
	return out.Bytes(), nil
}

// sendMail delivers m through the configured SMTP server: STARTTLS when
// offered (required when smtp.starttls is true), then AUTH PLAIN when a
// username is set.
func (s *Server) sendMail(m Message) error {
	c := s.cfg.SMTP
	if c.Host == "" {
		return nil
	}
	body, err := compose(c.From, m, s.now())
	if err != nil {
		return err
	}
	addr := net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	conn, err := net.DialTimeout("tcp", addr, 30*time.Second)
	if err != nil {
		return fmt.Errorf("smtp %s: %w", addr, err)
	}
	_ = conn.SetDeadline(time.Now().Add(5 * time.Minute))
	cl, err := smtp.NewClient(conn, c.Host)
	if err != nil {
		return errors.Join(fmt.Errorf("smtp %s: %w", addr, err), conn.Close())
	}
	defer cl.Close()
	if err := cl.Hello("retour"); err != nil {
		return fmt.Errorf("smtp %s: hello: %w", addr, err)
	}
	if ok, _ := cl.Extension("STARTTLS"); ok {
		tc := s.mailTLS
		if tc == nil {
			tc = &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
		}
		if err := cl.StartTLS(tc); err != nil {
			return fmt.Errorf("smtp %s: starttls: %w", addr, err)
		}
	} else if c.StartTLS {
		return fmt.Errorf("smtp %s: the server does not offer STARTTLS and smtp.starttls is true; refusing to send in clear", addr)
	}
	if c.Username != "" {
		auth := smtp.PlainAuth("", c.Username, os.Getenv(c.PasswordEnv), c.Host)
		if err := cl.Auth(auth); err != nil {
			return fmt.Errorf("smtp %s: authenticate as %s: %w", addr, c.Username, err)
		}
	}
	if err := cl.Mail(c.From); err != nil {
		return fmt.Errorf("smtp %s: from %s: %w", addr, c.From, err)
	}
	for _, to := range m.To {
		if err := cl.Rcpt(to); err != nil {
			return fmt.Errorf("smtp %s: recipient %s: %w", addr, to, err)
		}
	}
	wc, err := cl.Data()
	if err != nil {
		return fmt.Errorf("smtp %s: data: %w", addr, err)
	}
	if _, err := wc.Write(body); err != nil {
		return errors.Join(fmt.Errorf("smtp %s: write: %w", addr, err), wc.Close())
	}
	if err := wc.Close(); err != nil {
		return fmt.Errorf("smtp %s: message refused: %w", addr, err)
	}
	return cl.Quit()
}
