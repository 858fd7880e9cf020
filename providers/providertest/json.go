package providertest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
)

// Helpers to check request JSON decoded with UseNumber.

func field[T any](obj map[string]any, key, where string, required bool) (T, bool, error) {
	var zero T
	v, ok := obj[key]
	if !ok || v == nil {
		if required {
			return zero, false, fmt.Errorf("%s: missing required field %q", where, key)
		}
		return zero, false, nil
	}
	t, ok := v.(T)
	if !ok {
		return zero, false, fmt.Errorf("%s.%s: invalid type %s, expected %s", where, key, jsonType(v), jsonType(zero))
	}
	return t, true, nil
}

func jsonType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// number checks an optional numeric field lies in [lo, hi].
func number(obj map[string]any, key, where string, lo, hi float64) error {
	n, ok, err := field[json.Number](obj, key, where, false)
	if err != nil || !ok {
		return err
	}
	f, err := n.Float64()
	if err != nil || f < lo || f > hi {
		return fmt.Errorf("%s.%s: %s is not in [%g, %g]", where, key, n, lo, hi)
	}
	return nil
}

// integer checks an optional (or required) integer field is at least lo.
func integer(obj map[string]any, key, where string, lo int64, required bool) (int64, bool, error) {
	n, ok, err := field[json.Number](obj, key, where, required)
	if err != nil || !ok {
		return 0, ok, err
	}
	i, err := n.Int64()
	if err != nil {
		return 0, false, fmt.Errorf("%s.%s: %s is not an integer", where, key, n)
	}
	if i < lo {
		return 0, false, fmt.Errorf("%s.%s: %d is less than %d", where, key, i, lo)
	}
	return i, true, nil
}

func objects(v []any, where string) ([]map[string]any, error) {
	out := make([]map[string]any, len(v))
	for i, x := range v {
		m, ok := x.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s[%d]: invalid type %s, expected object", where, i, jsonType(x))
		}
		out[i] = m
	}
	return out, nil
}

// decodeImage checks an image's media type and base64 data.
func decodeImage(mime, data, where string) (Image, error) {
	switch mime {
	case "image/png", "image/jpeg", "image/gif", "image/webp":
	default:
		return Image{}, fmt.Errorf("%s: unsupported image media type %q", where, mime)
	}
	b, err := base64.StdEncoding.DecodeString(data)
	if err != nil || len(b) == 0 {
		return Image{}, fmt.Errorf("%s: image data is not valid base64", where)
	}
	return Image{MIME: mime, Data: b}, nil
}

// dataURL splits data:MIME;base64,DATA.
func dataURL(u, where string) (Image, error) {
	rest, ok := strings.CutPrefix(u, "data:")
	if !ok {
		return Image{}, fmt.Errorf("%s: only data URLs are accepted by this fake, got %.30q", where, u)
	}
	mime, data, ok := strings.Cut(rest, ";base64,")
	if !ok {
		return Image{}, fmt.Errorf("%s: data URL is not base64", where)
	}
	return decodeImage(mime, data, where)
}
