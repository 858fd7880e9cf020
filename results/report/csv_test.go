package report

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGoldenCSV(t *testing.T) {
	dir := t.TempDir()
	if err := fixtureReport().WriteCSV(dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range CSVFiles {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, filepath.Join("csv", name), data)
		// Every file is RFC 4180: parseable, one field count throughout.
		recs, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
		if err != nil || len(recs) < 1 {
			t.Errorf("%s: %d records, %v", name, len(recs), err)
		}
	}
}

func TestCSVSafe(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"=SUM(A1)", "'=SUM(A1)"},
		{"+1", "'+1"},
		{"-22 was a typo", "'-22 was a typo"},
		{"@cmd", "'@cmd"},
		{"\tindented", "'\tindented"},
		{"\rcarriage", "'\rcarriage"},
		{"plain = text", "plain = text"},
		{"", ""},
	} {
		if got := csvSafe(c.in); got != c.want {
			t.Errorf("csvSafe(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// Numbers are never prefixed: a negative delta stays a number.
	if got := csvRecord([]cellValue{vNum(-0.25, fmtDelta), vText("-0.25")}); got[0] != "-0.25" || got[1] != "'-0.25" {
		t.Errorf("csvRecord = %q", got)
	}
}
