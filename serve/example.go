package serve

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

//go:embed example.yaml
var exampleConfig []byte

// ExampleConfig is a commented configuration file with every key.
func ExampleConfig() []byte { return append([]byte(nil), exampleConfig...) }

// WriteExampleConfig writes ExampleConfig to path; it never overwrites a file.
func WriteExampleConfig(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("write example config %s: the file exists; remove it or choose another name", path)
	}
	if err != nil {
		return fmt.Errorf("write example config %s: %w", path, err)
	}
	if _, err := f.Write(exampleConfig); err != nil {
		return errors.Join(fmt.Errorf("write example config %s: %w", path, err), f.Close())
	}
	return f.Close()
}
