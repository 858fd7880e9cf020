package lifecycle

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/pushback/pushback/bench/runconfig"
	"github.com/pushback/pushback/results/report"
	"github.com/pushback/pushback/results/store"
)

// MergeOptions say where shards are merged and what a missing one does.
type MergeOptions struct {
	DB      string    // the database the merged run is written to
	Version string    // pushback's version, recorded with a new merged run
	Log     io.Writer // notes (a shard already merged); nil: none
}

// MergeOutcome is a merged run and what the merge did.
type MergeOutcome struct {
	Run    *store.Run
	Report *report.Report
	// Merged and Skipped are the shards (K) merged now and found already
	// merged; Missing are those of 1..N no database has given yet.
	Merged, Skipped, Missing []int
	// Unfinished are merged shards whose run did not finish.
	Unfinished []int
	DB         string
}

// Complete reports whether every shard is merged and finished.
func (o *MergeOutcome) Complete() bool { return len(o.Missing) == 0 && len(o.Unfinished) == 0 }

// shardRun is one shard database's run.
type shardRun struct {
	path string
	run  *store.Run
	base []byte // its config without the shard's K, as stored
}

// Merge combines the runs of shard databases (run --shard K/N) into one run
// of o.DB whose reports equal the unsharded run's. Shards must agree on
// everything but K (else an InputError naming the difference); a shard
// already merged is skipped with a note, so merging is idempotent. The run
// is marked incomplete while a shard is missing or unfinished.
func Merge(ctx context.Context, paths []string, o MergeOptions) (*MergeOutcome, error) {
	if len(paths) == 0 {
		return nil, inputf("merge: name the shard databases to merge (pushback merge shard-1.db shard-2.db ... --db run.db)")
	}
	var shards []shardRun
	for _, p := range paths {
		sr, err := readShard(ctx, p)
		if err != nil {
			return nil, err
		}
		if abs(p) == abs(o.DB) {
			return nil, inputf("merge: %s is both a shard and --db; merge into another database", p)
		}
		shards = append(shards, sr)
	}
	first := shards[0]
	seen := map[int]string{}
	for _, sr := range shards {
		if d := configDiff(first.base, sr.base); d != "" {
			return nil, inputf("merge: %s and %s are not shards of the same run: they differ in %s", first.path, sr.path, d)
		}
		if sr.run.Version != first.run.Version {
			return nil, inputf("merge: %s was run by pushback %s, %s by %s", first.path, first.run.Version, sr.path, sr.run.Version)
		}
		if d := packDiff(first.run.Packs, sr.run.Packs); d != "" {
			return nil, inputf("merge: %s and %s ran different packs: %s", first.path, sr.path, d)
		}
		k := sr.run.Config.Shard.K
		if prev, dup := seen[k]; dup {
			return nil, inputf("merge: %s and %s are both shard %d/%d", prev, sr.path, k, sr.run.Config.Shard.N)
		}
		seen[k] = sr.path
	}
	n := first.run.Config.Shard.N
	st, err := store.Open(o.DB)
	if err != nil {
		return nil, err
	}
	keep := false // the report streams from st: it closes st when kept
	defer func() {
		if !keep {
			st.Close()
		}
	}()
	key := fmt.Sprintf("%x", sha256.Sum256(append(append(first.base, 0), []byte(packKey(first.run.Packs))...)))
	target, err := mergeTarget(ctx, st, key, shards)
	if err != nil {
		return nil, err
	}
	if target == nil {
		cfg := first.run.Config
		cfg.Shard = nil
		target = &store.Run{ID: store.NewRunID(first.run.Started), Started: first.run.Started, Version: first.run.Version,
			Config: cfg, Packs: first.run.Packs}
		if err := st.CreateMergedRun(ctx, target); err != nil {
			return nil, err
		}
	}
	done, err := st.MergedShards(ctx, target.ID)
	if err != nil {
		return nil, err
	}
	out := &MergeOutcome{DB: st.Path()}
	sort.Slice(shards, func(i, j int) bool { return shards[i].run.Config.Shard.K < shards[j].run.Config.Shard.K })
	for _, sr := range shards {
		k := sr.run.Config.Shard.K
		if m, ok := done[k]; ok {
			if m.SourceRun != sr.run.ID {
				return nil, inputf("merge: run %s already holds shard %d/%d from run %s (%s); %s is run %s of another attempt: merge it into a new database",
					target.ID, k, n, m.SourceRun, m.SourceDB, sr.path, sr.run.ID)
			}
			out.Skipped = append(out.Skipped, k)
			if o.Log != nil {
				fmt.Fprintf(o.Log, "pushback: shard %d/%d (run %s, %s) is already in run %s; skipped\n", k, n, sr.run.ID, sr.path, target.ID)
			}
			continue
		}
		m := store.MergedShard{K: k, N: n, SourceRun: sr.run.ID, SourceDB: abs(sr.path), Status: sr.run.Status, Key: key}
		if err := st.Merge(ctx, sr.path, sr.run.ID, target.ID, m); err != nil {
			return nil, err
		}
		done[k] = m
		out.Merged = append(out.Merged, k)
	}
	status, started, finished := store.StatusFinished, target.Started, time.Time{}
	for k := 1; k <= n; k++ {
		m, ok := done[k]
		switch {
		case !ok:
			out.Missing = append(out.Missing, k)
		case m.Status != store.StatusFinished && m.Status != store.StatusFailed:
			out.Unfinished = append(out.Unfinished, k)
		case m.Status == store.StatusFailed && status == store.StatusFinished:
			status = store.StatusFailed
		}
	}
	for _, sr := range shards {
		if sr.run.Started.Before(started) {
			started = sr.run.Started
		}
		if sr.run.Finished.After(finished) {
			finished = sr.run.Finished
		}
	}
	if !target.Finished.IsZero() && target.Finished.After(finished) {
		finished = target.Finished
	}
	if !out.Complete() {
		status = store.StatusIncomplete
	}
	if err := st.SetRunSpan(ctx, target.ID, status, started, finished); err != nil {
		return nil, err
	}
	if out.Run, err = st.Resolve(ctx, target.ID); err != nil {
		return nil, err
	}
	if out.Report, err = openReport(ctx, st, out.Run.ID, o.Log); err != nil {
		return nil, err
	}
	out.Report.SetCloser(st.Close)
	keep = true
	return out, nil
}

// mergeTarget picks the run of st the shards go into: the run some of them
// were merged into already; else the latest run of the same sharded plan
// still missing every one of them (a merge completed shard by shard);
// else none, and a new run is made (tonight's shards next to last night's
// merged run in a nightly database).
func mergeTarget(ctx context.Context, st *store.Store, key string, shards []shardRun) (*store.Run, error) {
	var into string
	for _, sr := range shards {
		id, err := st.MergedInto(ctx, sr.run.ID)
		if err != nil {
			return nil, err
		}
		if id != "" && into != "" && id != into {
			return nil, inputf("merge: these shards were merged into two runs already (%s and %s); merge them into a new database", into, id)
		}
		if id != "" {
			into = id
		}
	}
	if into == "" {
		candidates, err := st.MergeCandidates(ctx, key)
		if err != nil {
			return nil, err
		}
	candidates:
		for _, id := range candidates {
			done, err := st.MergedShards(ctx, id)
			if err != nil {
				return nil, err
			}
			if len(done) == shards[0].run.Config.Shard.N {
				continue
			}
			for _, sr := range shards {
				if _, taken := done[sr.run.Config.Shard.K]; taken {
					continue candidates
				}
			}
			into = id
			break
		}
	}
	if into == "" {
		return nil, nil
	}
	return st.Resolve(ctx, into)
}

// readShard reads the run of a shard database: its latest run, which must
// have been started with --shard.
func readShard(ctx context.Context, path string) (shardRun, error) {
	st, err := store.OpenExisting(path)
	if errors.Is(err, store.ErrNoDatabase) {
		return shardRun{}, inputf("merge: %s: no such database", path)
	}
	if err != nil {
		return shardRun{}, err
	}
	defer st.Close()
	run, err := st.Resolve(ctx, "latest")
	if err != nil {
		return shardRun{}, inputf("merge: %s: %v", path, err)
	}
	switch {
	case run.ConfigErr != nil:
		return shardRun{}, inputf("merge: %s: run %s: %v", path, run.ID, run.ConfigErr)
	case run.Config.Shard == nil:
		return shardRun{}, inputf("merge: %s: run %s is not a shard (it was not run with --shard K/N)", path, run.ID)
	}
	// What the shards of one run agree on: everything but K and the
	// limits each shard may run at (divided, or its own models file's).
	cfg := run.Config
	cfg.Shard = &runconfig.Shard{N: cfg.Shard.N}
	cfg.Concurrency = 0
	cfg.Models = slices.Clone(cfg.Models)
	for i := range cfg.Models {
		cfg.Models[i].Concurrency, cfg.Models[i].RPM = 0, 0
	}
	base, err := cfg.Marshal()
	if err != nil {
		return shardRun{}, err
	}
	return shardRun{path: path, run: run, base: base}, nil
}

// configDiff names the top-level fields in which two stored configs
// differ ("" when they agree), e.g. "samples, models".
func configDiff(a, b []byte) string {
	var ma, mb map[string]json.RawMessage
	if json.Unmarshal(a, &ma) != nil || json.Unmarshal(b, &mb) != nil {
		return "their stored configuration"
	}
	var diff []string
	for k, v := range ma {
		if string(mb[k]) != string(v) {
			diff = append(diff, configName(k))
		}
	}
	for k := range mb {
		if _, ok := ma[k]; !ok {
			diff = append(diff, configName(k))
		}
	}
	slices.Sort(diff)
	return strings.Join(diff, ", ")
}

// configName names a stored config field as the user gave it.
func configName(k string) string {
	switch k {
	case "models":
		return "models (the models file)"
	case "shard":
		return "shard count N"
	}
	return "--" + strings.ReplaceAll(k, "_", "-")
}

// packKey lists packs by id and content hash.
func packKey(ps []store.PackRef) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.ID+"@"+p.Hash)
	}
	slices.Sort(s)
	return strings.Join(s, " ")
}

func packDiff(a, b []store.PackRef) string {
	if packKey(a) == packKey(b) {
		return ""
	}
	return fmt.Sprintf("%s against %s", packKey(a), packKey(b))
}

func abs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
