package etl

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// Source is one file to load with its optional mapping.
type Source struct {
	File    string   `yaml:"file"`
	Mapping string   `yaml:"mapping"`
	Map     *Mapping `yaml:"-"`
}

// Config lists the sources of a load, in order (retour load --config).
//
//	sources:
//	  - file: exports/produits.csv
//	  - file: exports/ventes_2026.csv.gz
//	    mapping: mappings/ventes.yaml
//
// Relative paths are read from the config file's folder.
type Config struct {
	Sources []Source `yaml:"sources"`
}

// LoadConfig reads a load config and the mappings it names.
func LoadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%w: config %s: %v", ErrMapping, path, err)
	}
	if len(c.Sources) == 0 {
		return nil, fmt.Errorf("%w: config %s lists no sources (sources: - file: ...)", ErrMapping, path)
	}
	dir := filepath.Dir(path)
	for i := range c.Sources {
		s := &c.Sources[i]
		if s.File == "" {
			return nil, fmt.Errorf("%w: config %s: source %d has no file", ErrMapping, path, i+1)
		}
		if !filepath.IsAbs(s.File) {
			s.File = filepath.Join(dir, s.File)
		}
		if s.Mapping != "" {
			if !filepath.IsAbs(s.Mapping) {
				s.Mapping = filepath.Join(dir, s.Mapping)
			}
			if s.Map, err = LoadMapping(s.Mapping); err != nil {
				return nil, err
			}
		}
	}
	return &c, nil
}
