package serve

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is the retour.yaml file read by `retour serve`. Every key is
// documented in its `doc` tag; docs/serve.md's reference table is generated
// from these tags (ConfigReference) and checked by a test. Relative paths are
// read from the config file's folder.
type Config struct {
	Warehouse  string         `yaml:"warehouse" doc:"warehouse file (DuckDB) that serve holds open" default:"retour.duckdb"`
	ReportsDir string         `yaml:"reports_dir" doc:"folder of the report archive (index.html and one folder per week)" default:"reports"`
	Language   string         `yaml:"language" doc:"language of the packs, e-mails and explorer pages (a page can ask ?lang=en or ?lang=fr): en or fr" default:"en"`
	TimeZone   string         `yaml:"timezone" doc:"IANA time zone of the schedule, e.g. Europe/Paris" default:"UTC"`
	Schedule   string         `yaml:"schedule" doc:"cron expression (minute hour day-of-month month day-of-week) of the weekly run" default:"0 6 * * 1"`
	Listen     string         `yaml:"listen" doc:"HTTP listen address, host:port" default:"127.0.0.1:8080"`
	PublicURL  string         `yaml:"public_url" doc:"URL readers use to reach serve, written in e-mails" default:"http://<listen>"`
	Inbox      InboxConfig    `yaml:"inbox" doc:"folder watched for new files"`
	SMTP       SMTPConfig     `yaml:"smtp" doc:"outgoing mail server; leave host empty to send no mail"`
	Audiences  []Audience     `yaml:"audiences" doc:"who receives which pack after each scheduled run"`
	Alerts     AlertsConfig   `yaml:"alerts" doc:"reason alerts and KPI thresholds, sent once per alert"`
	Tokens     TokensConfig   `yaml:"tokens" doc:"access tokens; at least one admin token is required"`
	Limits     LimitsConfig   `yaml:"limits" doc:"request size and rate limits"`
	Chromium   string         `yaml:"chromium" doc:"Chromium binary used to print packs to PDF; empty or missing: HTML only" default:"/usr/bin/chromium"`
	path       string         // the file read
	lines      map[string]int // key path -> line, for messages
}

// InboxConfig is the watched folder.
type InboxConfig struct {
	Dir     string        `yaml:"dir" doc:"inbox folder; archive/ and failed/ are made inside it" default:"inbox"`
	Poll    time.Duration `yaml:"poll" doc:"how often the folder is scanned; a file is taken when its size is the same on two scans, or at once when FILE.done exists" default:"5s"`
	Sources []InboxSource `yaml:"sources" doc:"mappings by file name; a file matching no pattern is loaded by column names"`
	// MaxRecordMB is retour load's --max-record-mb: DefaultMaxRecordMB is
	// etl.DefaultMaxRecordBytes in MiB (cmd/retour checks they agree).
	MaxRecordMB int `yaml:"max_record_mb" doc:"longest line (record) of an inbox file, in MiB; a file with a longer one is refused into failed/ naming its line (retour load --max-record-mb)" default:"4"`
}

// DefaultMaxRecordMB is inbox.max_record_mb's default, the same as retour
// load's --max-record-mb.
const DefaultMaxRecordMB = 4

// InboxSource maps file names to a mapping file.
type InboxSource struct {
	Match   string `yaml:"match" doc:"file name pattern (shell glob, e.g. ventes_*.csv)"`
	Mapping string `yaml:"mapping" doc:"mapping file for the matching files (docs/mapping.md)"`
}

// SMTPConfig is the outgoing mail server.
type SMTPConfig struct {
	Host        string `yaml:"host" doc:"SMTP server host name; empty: no e-mail is sent"`
	Port        int    `yaml:"port" doc:"SMTP port (587 submission with STARTTLS)" default:"587"`
	Username    string `yaml:"username" doc:"login for SMTP authentication; empty: no authentication"`
	PasswordEnv string `yaml:"password_env" doc:"name of the environment variable holding the SMTP password (never the password itself)" default:"RETOUR_SMTP_PASSWORD"`
	From        string `yaml:"from" doc:"sender address"`
	StartTLS    bool   `yaml:"starttls" doc:"require STARTTLS before authenticating (refuse to send otherwise)" default:"true"`
}

// Audience is one group of readers and the pack they receive.
type Audience struct {
	Name string   `yaml:"name" doc:"audience name, e.g. operations, marketing, csr"`
	Pack string   `yaml:"pack" doc:"pack attached: operations, returns, reasons, carbon or claims"`
	To   []string `yaml:"to" doc:"recipient addresses"`
}

// AlertsConfig says who gets alerts and when.
type AlertsConfig struct {
	To         []string       `yaml:"to" doc:"recipients of alerts; empty: no alert mail"`
	Cooldown   time.Duration  `yaml:"cooldown" doc:"an alert already sent is not sent again before this time has passed" default:"720h"`
	Thresholds []KPIThreshold `yaml:"thresholds" doc:"KPI values that raise an alert"`
}

// KPIThreshold raises an alert when a KPI of the latest week leaves a range.
type KPIThreshold struct {
	KPI        string   `yaml:"kpi" doc:"KPI id (docs/kpis.md), e.g. return_rate"`
	Scope      string   `yaml:"scope" doc:"scope: total, sector, category, site, carrier or channel" default:"total"`
	ScopeValue string   `yaml:"scope_value" doc:"scope value, e.g. a site name; empty for total"`
	Above      *float64 `yaml:"above" doc:"alert when the value is above this"`
	Below      *float64 `yaml:"below" doc:"alert when the value is below this"`
}

// TokensConfig lists the access tokens. Each entry is the token itself,
// "sha256:<hex>" of the token, or "env:NAME" to read it from the environment.
// Only their SHA-256 is kept in memory.
type TokensConfig struct {
	Viewers []string `yaml:"viewers" doc:"tokens that can read the archive, explorer and API"`
	Admins  []string `yaml:"admins" doc:"tokens that can also upload files and start runs"`
}

// LimitsConfig bounds requests.
type LimitsConfig struct {
	MaxBodyBytes      int64 `yaml:"max_body_bytes" doc:"largest request body, except uploads" default:"65536"`
	MaxUploadBytes    int64 `yaml:"max_upload_bytes" doc:"largest uploaded file" default:"1073741824"`
	RequestsPerMinute int   `yaml:"requests_per_minute" doc:"requests allowed per client address and minute (token bucket)" default:"1200"`
}

// DefaultConfig returns the documented defaults.
func DefaultConfig() Config {
	return Config{
		Warehouse: "retour.duckdb", ReportsDir: "reports", Language: "en", TimeZone: "UTC",
		Schedule: "0 6 * * 1", Listen: "127.0.0.1:8080", Chromium: "/usr/bin/chromium",
		Inbox:  InboxConfig{Dir: "inbox", Poll: 5 * time.Second, MaxRecordMB: DefaultMaxRecordMB},
		SMTP:   SMTPConfig{Port: 587, PasswordEnv: "RETOUR_SMTP_PASSWORD", StartTLS: true},
		Alerts: AlertsConfig{Cooldown: 720 * time.Hour},
		Limits: LimitsConfig{MaxBodyBytes: 64 << 10, MaxUploadBytes: 1 << 30, RequestsPerMinute: 1200},
	}
}

// LoadConfig reads and validates a config file. Unknown keys, wrong types and
// invalid values are refused with the file, line, key and reason.
func LoadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	return ParseConfig(path, b)
}

// ParseConfig parses config bytes read from path (used in messages and to
// resolve relative paths).
func ParseConfig(path string, b []byte) (*Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrConfig, path, err)
	}
	c := DefaultConfig()
	c.path, c.lines = path, map[string]int{}
	if len(root.Content) > 0 {
		if err := checkKeys(path, root.Content[0], configType, "", c.lines); err != nil {
			return nil, err
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("%w: %s: %s", ErrConfig, path, strings.ReplaceAll(err.Error(), "\n", " "))
		}
	}
	c.resolve(filepath.Dir(path))
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

func (c *Config) resolve(dir string) {
	abs := func(p *string) {
		if *p != "" && !filepath.IsAbs(*p) && *p != ":memory:" {
			*p = filepath.Join(dir, *p)
		}
	}
	abs(&c.Warehouse)
	abs(&c.ReportsDir)
	abs(&c.Inbox.Dir)
	for i := range c.Inbox.Sources {
		abs(&c.Inbox.Sources[i].Mapping)
	}
	if c.PublicURL == "" {
		c.PublicURL = "http://" + c.Listen
	}
}

// errAt formats a validation error naming the file, line and key.
func (c *Config) errAt(key, format string, args ...any) error {
	loc := c.path
	if l := c.lines[key]; l > 0 {
		loc = fmt.Sprintf("%s:%d", c.path, l)
	}
	return fmt.Errorf("%w: %s: key %s: %s", ErrConfig, loc, key, fmt.Sprintf(format, args...))
}

// Location is the schedule's time zone.
func (c *Config) Location() *time.Location {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Validate checks every value; ParseConfig calls it.
func (c *Config) Validate() error {
	if c.Warehouse == "" {
		return c.errAt("warehouse", "empty; give the warehouse file")
	}
	if c.Language != "en" && c.Language != "fr" {
		return c.errAt("language", "%q is not en or fr", c.Language)
	}
	if _, err := time.LoadLocation(c.TimeZone); err != nil {
		return c.errAt("timezone", "%q is not an IANA time zone (e.g. Europe/Paris)", c.TimeZone)
	}
	if _, err := ParseCron(c.Schedule); err != nil {
		return c.errAt("schedule", "%v", err)
	}
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		return c.errAt("listen", "%q is not host:port", c.Listen)
	}
	if c.Inbox.Poll < 100*time.Millisecond {
		return c.errAt("inbox.poll", "%s is under 100ms", c.Inbox.Poll)
	}
	if c.Inbox.MaxRecordMB < 1 || c.Inbox.MaxRecordMB > 1024 {
		return c.errAt("inbox.max_record_mb", "%d is not a size from 1 to 1024 MiB", c.Inbox.MaxRecordMB)
	}
	for i, s := range c.Inbox.Sources {
		key := fmt.Sprintf("inbox.sources[%d]", i)
		if _, err := filepath.Match(s.Match, "x"); err != nil || s.Match == "" {
			return c.errAt(key+".match", "%q is not a file name pattern", s.Match)
		}
		if s.Mapping != "" {
			if _, err := os.Stat(s.Mapping); err != nil {
				return c.errAt(key+".mapping", "%v", err)
			}
		}
	}
	if err := c.validateMail(); err != nil {
		return err
	}
	if len(c.Tokens.Admins) == 0 {
		return c.errAt("tokens.admins", "no admin token; add at least one (e.g. env:RETOUR_ADMIN_TOKEN)")
	}
	for role, list := range map[string][]string{"viewers": c.Tokens.Viewers, "admins": c.Tokens.Admins} {
		for i, t := range list {
			if _, err := hashToken(t); err != nil {
				return c.errAt(fmt.Sprintf("tokens.%s[%d]", role, i), "%v", err)
			}
		}
	}
	if c.Limits.MaxBodyBytes <= 0 || c.Limits.MaxUploadBytes <= 0 || c.Limits.RequestsPerMinute <= 0 {
		return c.errAt("limits", "every limit must be above 0")
	}
	return nil
}

func (c *Config) validateMail() error {
	if c.SMTP.Host != "" {
		if c.SMTP.From == "" || !strings.Contains(c.SMTP.From, "@") {
			return c.errAt("smtp.from", "%q is not an address", c.SMTP.From)
		}
		if c.SMTP.Port <= 0 || c.SMTP.Port > 65535 {
			return c.errAt("smtp.port", "%d is not a port", c.SMTP.Port)
		}
	}
	for i, a := range c.Audiences {
		key := fmt.Sprintf("audiences[%d]", i)
		if a.Name == "" {
			return c.errAt(key+".name", "empty")
		}
		if !slices.Contains(PackNames, a.Pack) {
			return c.errAt(key+".pack", "%q is not one of %s", a.Pack, strings.Join(PackNames, ", "))
		}
		if len(a.To) == 0 {
			return c.errAt(key+".to", "no recipient")
		}
		for _, to := range a.To {
			if !strings.Contains(to, "@") {
				return c.errAt(key+".to", "%q is not an address", to)
			}
		}
	}
	for i, t := range c.Alerts.Thresholds {
		key := fmt.Sprintf("alerts.thresholds[%d]", i)
		if t.KPI == "" {
			return c.errAt(key+".kpi", "empty; give a KPI id")
		}
		if t.Scope == "" {
			c.Alerts.Thresholds[i].Scope = "total"
		}
		if t.Above == nil && t.Below == nil {
			return c.errAt(key, "give above or below")
		}
	}
	if c.Alerts.Cooldown < 0 {
		return c.errAt("alerts.cooldown", "negative")
	}
	return nil
}

// PackNames are the packs an audience can receive.
var PackNames = []string{"operations", "returns", "reasons", "carbon", "claims"}
