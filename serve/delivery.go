package serve

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// packAudience is the kpi_definitions audience whose KPIs summarise a pack.
var packAudience = map[string]string{"operations": "operations", "returns": "logistics", "reasons": "marketing", "carbon": "csr", "claims": "claims"}

// deliver mails each audience its pack (HTML, and PDF when Chromium is
// there) with a short plain-text summary of the week. It returns how many
// audiences were mailed.
func (s *Server) deliver(ctx context.Context, res RefreshResult) (int, error) {
	if s.cfg.SMTP.Host == "" || len(s.cfg.Audiences) == 0 {
		return 0, nil
	}
	sent := 0
	var errs []string
	pdfs := map[string][]byte{} // each pack printed once per run
	for _, a := range s.cfg.Audiences {
		path := res.Packs[a.Pack]
		html, err := os.ReadFile(path)
		if err != nil {
			errs = append(errs, fmt.Sprintf("audience %s: pack %s: %v", a.Name, a.Pack, err))
			continue
		}
		base := fmt.Sprintf("retour-%s-%s", a.Pack, res.Week)
		atts := []Attachment{{Name: base + ".html", ContentType: "text/html", Data: html}}
		pdf, printed := pdfs[a.Pack]
		if !printed {
			pdf = s.printPDF(ctx, path)
			pdfs[a.Pack] = pdf
		}
		if pdf != nil {
			atts = append(atts, Attachment{Name: base + ".pdf", ContentType: "application/pdf", Data: pdf})
		}
		text, err := s.summary(ctx, res.Week, a)
		if err != nil {
			errs = append(errs, fmt.Sprintf("audience %s: summary: %v", a.Name, err))
			continue
		}
		m := Message{To: a.To, Subject: fmt.Sprintf("retour %s pack, week %s", a.Pack, res.Week), Text: text, Attachments: atts}
		if err := s.sendMail(m); err != nil {
			s.metrics.add("retour_serve_mails_total", 1, "kind", "pack", "outcome", "failed")
			errs = append(errs, fmt.Sprintf("audience %s: %v", a.Name, err))
			continue
		}
		s.metrics.add("retour_serve_mails_total", 1, "kind", "pack", "outcome", "ok")
		sent++
	}
	if len(errs) > 0 {
		return sent, fmt.Errorf("mail: %s", strings.Join(errs, "; "))
	}
	return sent, nil
}

// summary is the mail's text: the week's KPIs of the audience (total scope)
// with the week before and the sector band, and where to read more.
func (s *Server) summary(ctx context.Context, week string, a Audience) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "retour: %s pack for week %s (%s).\n\n", a.Pack, week, a.Name)
	run, err := s.w.LatestGoodRun(ctx, warehouse.RunKPI)
	if err != nil {
		return "", err
	}
	name := "d.name_en"
	if s.cfg.Language == "fr" {
		name = "d.name_fr"
	}
	rows, err := s.w.Query(ctx, fmt.Sprintf(`SELECT %s, d.unit, k.value, p.value, k.benchmark_status
		FROM kpi_snapshots k JOIN kpi_definitions d USING (kpi_id)
		LEFT JOIN kpi_snapshots p ON p.run_id = k.run_id AND p.kpi_id = k.kpi_id AND p.scope = 'total' AND p.week_start = k.week_start - INTERVAL 7 DAY
		WHERE k.run_id = ? AND k.iso_week = ? AND k.scope = 'total' AND d.audience = ? AND k.value IS NOT NULL
		ORDER BY k.kpi_id LIMIT 12`, name), run, week, packAudience[a.Pack])
	if err != nil {
		return "", fmt.Errorf("read KPIs of %s: %w", week, err)
	}
	defer rows.Close()
	for rows.Next() {
		var n, unit string
		var v float64
		var prev *float64
		var status *string
		if err := rows.Scan(&n, &unit, &v, &prev, &status); err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "- %s: %.4g %s", n, v, unit)
		if prev != nil {
			fmt.Fprintf(&b, " (week before %.4g)", *prev)
		}
		if status != nil && *status != "" {
			fmt.Fprintf(&b, ", %s the sector band", map[string]string{"better": "better than", "within": "within", "worse": "worse than"}[*status])
		}
		b.WriteByte('\n')
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	if a.Pack == "reasons" {
		if err := s.reasonSummary(ctx, &b, week); err != nil {
			return "", err
		}
	}
	fmt.Fprintf(&b, "\nThe pack is attached; it opens offline in any browser. Archive and explorer: %s\n", strings.TrimRight(s.cfg.PublicURL, "/")+"/")
	return b.String(), nil
}

// printPDF prints an HTML pack with headless Chromium; nil when Chromium is
// missing (logged once) or fails (logged).
func (s *Server) printPDF(ctx context.Context, htmlPath string) []byte {
	bin := s.cfg.Chromium
	if bin == "" {
		return nil
	}
	if _, err := os.Stat(bin); err != nil {
		s.pdfOnce.Do(func() { s.log.Warn("no Chromium: e-mails carry the HTML pack only", "chromium", bin) })
		return nil
	}
	abs, err := filepath.Abs(htmlPath)
	if err != nil {
		return nil
	}
	dir, err := os.MkdirTemp("", "retour-pdf-")
	if err != nil {
		return nil
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "pack.pdf")
	cctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(cctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--virtual-time-budget=5000", "--print-to-pdf="+out, "file://"+abs)
	if b, err := cmd.CombinedOutput(); err != nil {
		s.log.Warn("print pack to PDF", "pack", htmlPath, "err", err, "output", strings.TrimSpace(string(b)))
		return nil
	}
	pdf, err := os.ReadFile(out)
	if err != nil || len(pdf) < 5 || string(pdf[:5]) != "%PDF-" {
		s.log.Warn("print pack to PDF: no PDF written", "pack", htmlPath)
		return nil
	}
	return pdf
}
