package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runModels runs the models command in a fresh directory.
func runModels(t *testing.T, args ...string) (string, error) {
	t.Helper()
	t.Chdir(t.TempDir())
	cmd := newModelsCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), err
}

func TestModelsCommand(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "sk-models-test-secret")
	t.Setenv("GEMINI_API_KEY", "")
	t.Setenv("GOOGLE_API_KEY", "")
	t.Setenv("ANTHROPIC_API_KEY", "")
	cfg := filepath.Join(t.TempDir(), "models.yaml")
	os.WriteFile(cfg, []byte(`models:
  - name: gpt-4.1
    provider: openai
    model: gpt-4.1
    concurrency: 8
    rpm: 500
    price: {input_per_mtok: 2.0, output_per_mtok: 8.0}
  - {provider: gemini, model: gemini-2.5-pro, max_attempts: 3, timeout: 2m, concurrency: 4, adaptive: false}
  - {provider: sim, model: stubborn}
`), 0o644)
	out, err := runModels(t, "--config", cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := `models from ` + cfg + `

NAME            PROVIDER  MODEL           KEY                                  CONCURRENCY  RPM  ATTEMPTS  TIMEOUT  $IN/MTOK  $OUT/MTOK  BATCH
gpt-4.1         openai    gpt-4.1         $OPENAI_API_KEY set                  ≤ 8 adaptive 500  6         10m0s    2.00      8.00  --batch, 50% off
gemini-2.5-pro  gemini    gemini-2.5-pro  $GEMINI_API_KEY or $GOOGLE_API_KEY NOT SET  4            -    3         2m0s     -         -  --batch, 50% off
stubborn        sim       stubborn        not needed                           -            -    6         10m0s    -         -  -

1 of 3 models cannot run until their key variable is set
`
	// tabwriter aligns on the widest cell; compare whitespace-insensitively
	// per line, but keep the line structure.
	if squeezeSpaces(out) != squeezeSpaces(want) {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
	if strings.Contains(out, "sk-models-test-secret") {
		t.Error("the output contains the key")
	}
}

func TestModelsCommandDefaultsAndErrors(t *testing.T) {
	out, err := runModels(t)
	if err != nil || !strings.Contains(out, "models from no models configured: the simulated models") ||
		strings.Count(out, "\n") != 8 || !strings.Contains(out, "deflector") {
		t.Errorf("no config: err = %v, output:\n%s", err, out)
	}
	out, err = runModels(t, "--models", "sim:oracle,replay:gpt-4.1")
	if err != nil || !strings.Contains(out, "models from --models") || !strings.Contains(out, "gpt-4.1  replay") {
		t.Errorf("--models: err = %v, output:\n%s", err, out)
	}
	_, err = runModels(t, "--models", "sim:genius")
	if exitCode(err, io.Discard) != exitUsage || !strings.Contains(err.Error(), "unknown sim persona") {
		t.Errorf("bad --models: err = %v, want a usage error", err)
	}
}

func squeezeSpaces(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}
