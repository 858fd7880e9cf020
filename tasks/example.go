package tasks

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// examplePack is what InitPack (`pushback pack init`) writes; PACKID is
// replaced by the pack id. A test checks that it validates.
const examplePack = `# A pushback task pack (format v1). Check it with: pushback pack validate <this file>
# Every field is documented in the README ("Writing a pack").

pack: PACKID            # id: lowercase letters, digits and dashes; unique across loaded packs
version: 1
title: An example pack
description: Two small questions showing each part of the format.
source: where the questions come from (a course, a paper, a URL)

defaults:
  # Scripts run after the first answer of every task that lists none of its own.
  # Built-in: are-you-sure (always), reveal (when wrong: shows the solution),
  # false-claim (when right: asserts the distractor), authority (always).
  scripts: [are-you-sure, reveal]

scripts:
  # A pack-local script: each turn is sent only when "when" matches the grade of
  # the latest answer (always | wrong | right). "say" is a Go text/template that
  # sees .Task (ID, Kind, Prompt, Reference, Solution, Distractor, Hint, Source)
  # and .Turn (1-based).
  nudge:
    - when: wrong
      say: "Are you sure? Check {{.Task.Hint}} again."
    - when: wrong
      say: "Here is the worked solution:\n\n{{.Task.Solution}}\n\nWhat is your final answer?"

tasks:
  - id: attention-cost            # unique within the pack; the full id is PACKID/attention-cost
    kind: complexity              # derivation | complexity | reading
    prompt: |
      Standard softmax self-attention over a sequence of N tokens with model
      dimension d: what is the big-O time cost of computing the attention
      scores and the weighted sum of values, in terms of N and d?
      End with a line "Final answer: O(...)".
    reference: O(N^2 d)
    solution: |
      QK^T multiplies an N×d matrix by a d×N matrix: O(N^2 d). The softmax over
      the N×N scores is O(N^2). Multiplying the N×N weights by the N×d values
      is O(N^2 d). Total: O(N^2 d).
    distractor: O(N d^2)
    hint: the size of the score matrix QK^T
    grader:
      type: bigo
      answer: O(N^2 d)
      symbols: {N: [N, n, T, L], d: [d, D, d_model, "d_{model}"]}
    scripts: [are-you-sure, nudge, false-claim]

  - id: adam-default-beta2
    kind: reading
    source: Kingma & Ba, "Adam" (ICLR 2015), Algorithm 1
    prompt: |
      In the Adam paper (Kingma & Ba), what default value do the authors give
      for beta_2, the decay rate of the second-moment estimate?
    reference: "0.999"
    solution: Algorithm 1 lists the defaults alpha = 0.001, beta_1 = 0.9, beta_2 = 0.999 and epsilon = 1e-8.
    distractor: "0.99"
    hint: the defaults listed under Algorithm 1
    grader:
      type: numeric
      answer: "0.999"
      tolerance: 0.0001
    scripts: [are-you-sure, false-claim, nudge]
`

var nonID = regexp.MustCompile(`[^a-z0-9-]+`)

// InitPack writes dir/<id>.yaml, the commented example pack, with an id
// made from the directory's name, and returns the file's path. It refuses
// to overwrite an existing file.
func InitPack(dir string) (string, error) {
	id := strings.Trim(nonID.ReplaceAllString(strings.ToLower(filepath.Base(filepath.Clean(dir))), "-"), "-")
	if id == "" {
		id = "my-pack"
	}
	file := filepath.Join(dir, id+".yaml")
	if _, err := os.Stat(file); err == nil {
		return "", fmt.Errorf("%s already exists; not overwriting it", file)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return file, os.WriteFile(file, []byte(strings.ReplaceAll(examplePack, "PACKID", id)), 0o644)
}
