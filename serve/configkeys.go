package serve

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

var configType = reflect.TypeOf(Config{})

// yamlFields lists the yaml keys of struct type t with their fields.
func yamlFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			out[name] = f
		}
	}
	return out
}

// checkKeys walks a YAML node against the struct type t and refuses unknown
// keys with the file, line, column, key and the keys it knows. It records
// each key's line in lines.
func checkKeys(file string, n *yaml.Node, t reflect.Type, prefix string, lines map[string]int) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Kind() == reflect.Struct && t != reflect.TypeOf(time.Duration(0)):
		if n.Kind != yaml.MappingNode {
			if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
				return nil
			}
			return fmt.Errorf("%w: %s:%d:%d: key %s: want a mapping of keys, found %q", ErrConfig, file, n.Line, n.Column, strings.TrimSuffix(prefix, "."), n.Value)
		}
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			f, ok := fields[k.Value]
			if !ok {
				known := make([]string, 0, len(fields))
				for name := range fields {
					known = append(known, name)
				}
				sort.Strings(known)
				return fmt.Errorf("%w: %s:%d:%d: unknown key %s%s (known keys here: %s)", ErrConfig, file, k.Line, k.Column, prefix, k.Value, strings.Join(known, ", "))
			}
			lines[prefix+k.Value] = k.Line
			if err := checkKeys(file, v, f.Type, prefix+k.Value+".", lines); err != nil {
				return err
			}
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		base := strings.TrimSuffix(prefix, ".")
		for i, item := range n.Content {
			key := fmt.Sprintf("%s[%d]", base, i)
			lines[key] = item.Line
			if err := checkKeys(file, item, t.Elem(), key+".", lines); err != nil {
				return err
			}
		}
	}
	return nil
}

// ConfigKey is one documented key of the config file.
type ConfigKey struct {
	Key, Type, Default, Doc string
}

// ConfigKeys lists every key of Config in file order, dotted; list items are
// written key[].field.
func ConfigKeys() []ConfigKey {
	var out []ConfigKey
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if !f.IsExported() || name == "" || name == "-" {
				continue
			}
			ft := f.Type
			typ := typeName(ft)
			out = append(out, ConfigKey{Key: prefix + name, Type: typ, Default: f.Tag.Get("default"), Doc: f.Tag.Get("doc")})
			switch {
			case ft.Kind() == reflect.Struct && ft != reflect.TypeOf(time.Duration(0)):
				walk(ft, prefix+name+".")
			case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
				walk(ft.Elem(), prefix+name+"[].")
			}
		}
	}
	walk(configType, "")
	return out
}

func typeName(t reflect.Type) string {
	switch {
	case t == reflect.TypeOf(time.Duration(0)):
		return "duration"
	case t.Kind() == reflect.Pointer:
		return typeName(t.Elem())
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		return "list"
	case t.Kind() == reflect.Slice:
		return "list of " + typeName(t.Elem())
	case t.Kind() == reflect.Struct:
		return "mapping"
	case t.Kind() == reflect.Int || t.Kind() == reflect.Int64:
		return "integer"
	case t.Kind() == reflect.Float64:
		return "number"
	case t.Kind() == reflect.Bool:
		return "boolean"
	}
	return "string"
}

// ConfigReference is the Markdown table of every key, as docs/serve.md shows it.
func ConfigReference() string {
	var b strings.Builder
	b.WriteString("| key | type | default | what |\n|---|---|---|---|\n")
	for _, k := range ConfigKeys() {
		def := k.Default
		if def != "" {
			def = "`" + def + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", k.Key, k.Type, def, strings.ReplaceAll(k.Doc, "|", "\\|"))
	}
	return b.String()
}
