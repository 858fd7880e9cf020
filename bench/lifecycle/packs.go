package lifecycle

import (
	"errors"
	"fmt"

	"github.com/pushback/pushback/tasks"

	"github.com/pushback/pushback/results/store"
)

// loadReferences reads the reference answer of every task of a run's packs,
// keyed by full task id, for report.Report.References. Each pack is loaded from
// the file the run recorded (a built-in pack from the binary). A pack that
// no longer loads, or whose hash differs from the run's (its references may
// not be the ones the answers were graded against), contributes nothing and
// is named in the returned error; the references of the other packs are
// returned all the same, so a caller may warn and go on.
func loadReferences(packs []store.PackRef) (map[string]string, error) {
	var loaded []*tasks.Pack
	var errs []error
	for _, ref := range packs {
		p, err := tasks.LoadRecorded(ref.File)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("pack %s: %w", ref.ID, err))
			continue
		case ref.Hash != "" && p.Hash != ref.Hash:
			errs = append(errs, fmt.Errorf("pack %s (%s) changed since the run: its references are left out", ref.ID, ref.File))
			continue
		}
		loaded = append(loaded, p)
	}
	return referencesOf(loaded), errors.Join(errs...)
}

// referencesOf maps the full id of every task of packs to its reference,
// for a report whose packs are already loaded.
func referencesOf(packs []*tasks.Pack) map[string]string {
	refs := map[string]string{}
	for _, p := range packs {
		for _, t := range p.Tasks {
			refs[t.FullID()] = t.Reference
		}
	}
	return refs
}

// PackDrift is how the packs loaded now differ from those a run recorded.
type PackDrift struct {
	Changed []*tasks.Pack // recorded, with another hash
	Added   []*tasks.Pack // not recorded by the run
	Missing []string      // recorded ids no longer loaded
}

// comparePacks compares a run's recorded packs with packs loaded now.
func comparePacks(recorded []store.PackRef, packs []*tasks.Pack) PackDrift {
	hashes := map[string]string{}
	for _, p := range recorded {
		hashes[p.ID] = p.Hash
	}
	var d PackDrift
	for _, p := range packs {
		h, ok := hashes[p.ID]
		switch {
		case !ok:
			d.Added = append(d.Added, p)
		case h != p.Hash:
			d.Changed = append(d.Changed, p)
		}
		delete(hashes, p.ID)
	}
	for _, p := range recorded {
		if _, gone := hashes[p.ID]; gone {
			d.Missing = append(d.Missing, p.ID)
		}
	}
	return d
}
