package main

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// TestExamplesUseRealFlags: every pushback command line in docs/examples
// names a command and flags the CLI has (actionlint checks the workflow
// itself in .ci/run), and the Kubernetes Job's shards match its
// completions.
func TestExamplesUseRealFlags(t *testing.T) {
	files, err := filepath.Glob("../../docs/examples/*")
	if err != nil || len(files) < 3 {
		t.Fatalf("examples: %v, %v", files, err)
	}
	root := newRootCmd(io.Discard, io.Discard)
	cmdRe := regexp.MustCompile(`pushback (run|merge|compare|runs|report)\b([^\n]*(?:\\\n[^\n]*)*)`)
	flagRe := regexp.MustCompile(`(?:^|\s)--([a-z][a-z-]*)`)
	checked := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range cmdRe.FindAllStringSubmatch(string(b), -1) {
			sub, _, err := root.Find([]string{m[1]})
			if err != nil {
				t.Errorf("%s: pushback %s: %v", filepath.Base(f), m[1], err)
				continue
			}
			for _, fm := range flagRe.FindAllStringSubmatch(m[2], -1) {
				if sub.Flags().Lookup(fm[1]) == nil {
					t.Errorf("%s: pushback %s has no flag --%s", filepath.Base(f), m[1], fm[1])
				}
				checked++
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d flags found in the examples", checked)
	}

	b, err := os.ReadFile("../../docs/examples/kubernetes-indexed-job.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var job struct {
		Kind string `yaml:"kind"`
		Spec struct {
			CompletionMode string `yaml:"completionMode"`
			Completions    int    `yaml:"completions"`
			Template       struct {
				Spec struct {
					Containers []struct {
						Args []string `yaml:"args"`
					} `yaml:"containers"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	if err := yaml.Unmarshal(b, &job); err != nil {
		t.Fatal(err)
	}
	args := ""
	if cs := job.Spec.Template.Spec.Containers; len(cs) > 0 {
		args = strings.Join(cs[0].Args, " ")
	}
	if job.Kind != "Job" || job.Spec.CompletionMode != "Indexed" || !strings.Contains(args, "JOB_COMPLETION_INDEX + 1") ||
		!strings.Contains(args, `--shard "$K/`+strconv.Itoa(job.Spec.Completions)+`"`) {
		t.Errorf("the Indexed Job does not map JOB_COMPLETION_INDEX to --shard K/%d: kind %s, mode %s, args %q",
			job.Spec.Completions, job.Kind, job.Spec.CompletionMode, args)
	}
}
