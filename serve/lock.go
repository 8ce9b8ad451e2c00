package serve

import (
	"fmt"
	"os"
	"strings"
)

// LockNoteSuffix names the note serve leaves beside the warehouse file while
// it holds it: WAREHOUSE.serve, holding the inbox folder and the URL.
const LockNoteSuffix = ".serve"

// WriteLockNote writes the note and returns its path; remove it on exit.
func WriteLockNote(c *Config) (string, error) {
	p := c.Warehouse + LockNoteSuffix
	body := fmt.Sprintf("pid %d\ninbox %s\nurl %s\n", os.Getpid(), c.Inbox.Dir, c.PublicURL)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		return "", fmt.Errorf("write %s: %w", p, err)
	}
	return p, nil
}

// HeldBy reads the note beside warehouse: when retour serve holds the file,
// it returns a message telling where to put files and how to start a run.
func HeldBy(warehouse string) (string, bool) {
	b, err := os.ReadFile(warehouse + LockNoteSuffix)
	if err != nil {
		return "", false
	}
	kv := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, " "); ok {
			kv[k] = v
		}
	}
	return fmt.Sprintf("retour serve (pid %s) holds %s: drop files into its inbox %s, or use its admin API at %s (POST /api/v1/upload, POST /api/v1/runs); reports and KPIs are at %s",
		kv["pid"], warehouse, kv["inbox"], kv["url"], kv["url"]), true
}
