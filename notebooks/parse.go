package notebooks

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// Block is a piece of a notebook file.
type Block struct {
	Kind string // markdown, sql, chart, code
	Text string
	Lang string // the fence's info string for code blocks
	Line int    // 1-based line where the block starts
	// Check marks a sql cell fenced as "sql check": a self-check whose
	// query returns the rows that break it, so it passes when it returns none.
	Check bool
}

// Parse splits a notebook into blocks: Markdown text between fences, and
// fenced blocks by info string (sql, "sql check", chart; anything else is code).
func Parse(src []byte) ([]Block, error) {
	var blocks []Block
	var cur strings.Builder
	kind, lang, start := "markdown", "", 1
	var fence string
	flush := func() {
		text := cur.String()
		if kind != "markdown" || strings.TrimSpace(text) != "" {
			blocks = append(blocks, Block{Kind: kind, Text: strings.TrimRight(text, "\n"), Lang: lang, Line: start, Check: lang == "sql check"})
		}
		cur.Reset()
	}
	sc := bufio.NewScanner(bytes.NewReader(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		trim := strings.TrimSpace(line)
		if fence == "" && (strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~")) {
			flush()
			fence = trim[:3]
			lang = strings.Join(strings.Fields(strings.ToLower(trim[3:])), " ")
			switch lang {
			case "sql", "chart":
				kind = lang
			case "sql check":
				kind = "sql"
			default:
				kind = "code"
			}
			start = n + 1
			continue
		}
		if fence != "" && strings.HasPrefix(trim, fence) && strings.Trim(trim, fence[:1]) == "" {
			flush()
			fence, kind, lang, start = "", "markdown", "", n+1
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read notebook: %w", err)
	}
	if fence != "" {
		return nil, fmt.Errorf("notebook line %d: code fence %s never closed", start-1, fence)
	}
	flush()
	return blocks, nil
}

// ChartSpec is a parsed chart directive.
type ChartSpec struct {
	Type  string
	X     string
	Y     []string
	Title string
	Unit  string
}

// ParseChart reads a chart directive's key: value lines.
func ParseChart(text string) (ChartSpec, error) {
	c := ChartSpec{Type: "bar"}
	for i, line := range strings.Split(text, "\n") {
		if j := strings.Index(line, "#"); j >= 0 {
			line = line[:j]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return c, fmt.Errorf("chart line %d %q: want key: value: %w", i+1, line, ErrBadChart)
		}
		v = strings.TrimSpace(v)
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "type":
			c.Type = strings.ToLower(v)
		case "x":
			c.X = v
		case "y":
			for _, y := range strings.Split(v, ",") {
				if y = strings.TrimSpace(y); y != "" {
					c.Y = append(c.Y, y)
				}
			}
		case "title":
			c.Title = v
		case "unit":
			c.Unit = v
		default:
			return c, fmt.Errorf("chart line %d: unknown key %q (type, x, y, title, unit): %w", i+1, k, ErrBadChart)
		}
	}
	switch c.Type {
	case "bar", "line", "hbar", "stacked":
	default:
		return c, fmt.Errorf("chart type %q: want bar, line, hbar or stacked: %w", c.Type, ErrBadChart)
	}
	if c.X == "" || len(c.Y) == 0 {
		return c, fmt.Errorf("chart needs x and y: %w", ErrBadChart)
	}
	return c, nil
}
