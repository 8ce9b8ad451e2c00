package kpi

import (
	"context"
	"database/sql"
	"fmt"
)

// setTemporarily sets a DuckDB setting and returns a function that puts the
// previous value back. Compute turns preserve_insertion_order off while it
// builds its temporary tables (their row order is never used, and DuckDB then
// writes them in parallel without buffering for order), and back on before it
// writes the output tables.
func setTemporarily(ctx context.Context, c *sql.Conn, name, value string) (restore func() error, err error) {
	var old string
	if err := c.QueryRowContext(ctx, "SELECT CAST(current_setting('"+name+"') AS VARCHAR)").Scan(&old); err != nil {
		return nil, fmt.Errorf("read setting %s: %w", name, err)
	}
	if _, err := c.ExecContext(ctx, "SET "+name+" = '"+value+"'"); err != nil {
		return nil, fmt.Errorf("set %s: %w", name, err)
	}
	done := false
	return func() error {
		if done {
			return nil
		}
		done = true
		if _, err := c.ExecContext(context.WithoutCancel(ctx), "SET "+name+" = '"+old+"'"); err != nil {
			return fmt.Errorf("restore %s: %w", name, err)
		}
		return nil
	}, nil
}
