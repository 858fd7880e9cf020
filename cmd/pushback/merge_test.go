package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pushback/pushback/results/store"
)

// TestShardsMerge: hw10 and ml-complexity with three models run as three
// shards and merged give the JSON report of the unsharded run (apart from
// the run's id and times); merging again changes nothing; a shard of
// another configuration is refused with exit 2; a missing shard leaves the
// run incomplete with exit 1, or 0 with --allow-partial.
func TestShardsMerge(t *testing.T) {
	dir := t.TempDir()
	common := []string{"run", "--models", "sim:oracle,sim:sycophant,sim:deflector", "--packs", "hw10,ml-complexity", "--out", "", "--no-progress"}
	runArgs := func(db string, extra ...string) []string {
		return append(append(append([]string{}, common...), "--db", filepath.Join(dir, db)), extra...)
	}
	if out, errs, code := cli(t, runArgs("full.db")...); code != 0 {
		t.Fatalf("unsharded run: exit %d\n%s%s", code, out, errs)
	}
	var shards []string
	total := 0
	for k := 1; k <= 3; k++ {
		db := fmt.Sprintf("shard-%d.db", k)
		if out, errs, code := cli(t, runArgs(db, "--shard", fmt.Sprintf("%d/3", k))...); code != 0 {
			t.Fatalf("shard %d: exit %d\n%s%s", k, code, out, errs)
		}
		n := len(latestTrials(t, filepath.Join(dir, db)))
		if n == 0 {
			t.Fatalf("shard %d/3 holds no trial", k)
		}
		total += n
		shards = append(shards, filepath.Join(dir, db))
	}
	full := filepath.Join(dir, "full.db")
	if want := len(latestTrials(t, full)); total != want {
		t.Fatalf("the shards hold %d trials, the unsharded run %d", total, want)
	}
	merged := filepath.Join(dir, "run.db")
	merge := func(db string, extra ...string) (string, string, int) {
		return cli(t, append([]string{"merge", "--db", db, "--out", ""}, extra...)...)
	}
	if out, errs, code := merge(merged, shards...); code != 0 {
		t.Fatalf("merge: exit %d\n%s%s", code, out, errs)
	}
	want := reportDoc(t, full)
	if got := reportDoc(t, merged); got != want {
		t.Fatalf("the merged run's report differs from the unsharded run's:\n%s", firstDiff(got, want))
	}
	st := openStore(t, merged)
	run, err := st.Resolve(context.Background(), "latest")
	st.Close()
	if err != nil || run.Status != store.StatusFinished || run.Config.Shard != nil {
		t.Fatalf("merged run %+v, %v: want finished and unsharded", run, err)
	}

	// Again: every shard is skipped, nothing changes.
	_, errs, code := merge(merged, shards...)
	if code != 0 || strings.Count(errs, "already in run") != 3 {
		t.Fatalf("merging again: exit %d, notes:\n%s", code, errs)
	}
	if got := reportDoc(t, merged); got != want {
		t.Fatal("merging the shards again changed the report")
	}
	if runs := countRuns(t, merged); runs != 1 {
		t.Fatalf("%d runs in the merged database, want 1", runs)
	}
	if out, _, _ := cli(t, "runs", "--db", merged); !strings.Contains(out, "merged from 3 of 3 shards") {
		t.Errorf("runs of the merged database:\n%s", out)
	}
	if out, _, _ := cli(t, "runs", "--db", shards[1]); !strings.Contains(out, "shard 2/3") {
		t.Errorf("runs of a shard database:\n%s", out)
	}

	// The next night: new shards of the same plan go into a new run of the
	// same database, which compare can set against last night's.
	var tonight []string
	for k := 1; k <= 3; k++ {
		db := fmt.Sprintf("night2-%d.db", k)
		if out, errs, code := cli(t, runArgs(db, "--shard", fmt.Sprintf("%d/3", k))...); code != 0 {
			t.Fatalf("night 2 shard %d: exit %d\n%s%s", k, code, out, errs)
		}
		tonight = append(tonight, filepath.Join(dir, db))
	}
	if _, errs, code := merge(merged, tonight...); code != 0 {
		t.Fatalf("merging the next night: exit %d\n%s", code, errs)
	}
	if runs := countRuns(t, merged); runs != 2 {
		t.Fatalf("%d runs after the second night, want 2", runs)
	}
	if out, errs, code := cli(t, "compare", "latest~1", "latest", "--db", merged); code != 0 {
		t.Fatalf("compare the two nights: exit %d\n%s%s", code, out, errs)
	}

	// A shard of another run (other samples) is refused, naming the field.
	other := filepath.Join(dir, "other.db")
	if out, errs, code := cli(t, runArgs("other.db", "--shard", "1/3", "--samples", "2")...); code != 0 {
		t.Fatalf("other shard: exit %d\n%s%s", code, out, errs)
	}
	_, errs, code = merge(filepath.Join(dir, "mixed.db"), shards[1], other)
	if code != 2 || !strings.Contains(errs, "--samples") {
		t.Fatalf("merging shards of different runs: exit %d\n%s", code, errs)
	}
	// Not a shard at all.
	if _, errs, code := merge(filepath.Join(dir, "x.db"), full); code != 2 || !strings.Contains(errs, "not a shard") {
		t.Fatalf("merging an unsharded run: exit %d\n%s", code, errs)
	}

	// Two of three: incomplete, exit 1; then --allow-partial exits 0.
	partial := filepath.Join(dir, "partial.db")
	_, errs, code = merge(partial, shards[0], shards[2])
	if code != 1 || !strings.Contains(errs, "incomplete") || !strings.Contains(errs, "[2]") {
		t.Fatalf("merging 2 of 3 shards: exit %d\n%s", code, errs)
	}
	if _, errs, code := merge(partial, "--allow-partial", shards[0]); code != 0 {
		t.Fatalf("--allow-partial: exit %d\n%s", code, errs)
	}
	st = openStore(t, partial)
	run, _ = st.Resolve(context.Background(), "latest")
	st.Close()
	if run.Status != store.StatusIncomplete {
		t.Fatalf("a run missing a shard is %s, want incomplete", run.Status)
	}
	// The last shard completes it.
	if _, errs, code := merge(partial, shards[1]); code != 0 {
		t.Fatalf("completing the merge: exit %d\n%s", code, errs)
	}
	if got := reportDoc(t, partial); got != want {
		t.Fatal("the merge completed shard by shard differs from the unsharded run")
	}
}

func openStore(t *testing.T, db string) *store.Store {
	t.Helper()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func countRuns(t *testing.T, db string) int {
	t.Helper()
	st := openStore(t, db)
	defer st.Close()
	runs, err := st.Runs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(runs)
}

// firstDiff shows the first line where two texts differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(g), len(w))
}
