package results

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pushback/pushback/tasks"
)

// builtinPackPrefix marks an embedded pack in PackRef.File ("builtin:hw10.yaml").
const builtinPackPrefix = "builtin:"

// LoadReferences reads the reference answer of every task of a run's packs,
// keyed by full task id, for Report.References. Each pack is loaded from
// the file the run recorded (a built-in pack from the binary). A pack that
// no longer loads, or whose hash differs from the run's (its references may
// not be the ones the answers were graded against), contributes nothing and
// is named in the returned error; the references of the other packs are
// returned all the same, so a caller may warn and go on.
func LoadReferences(packs []PackRef) (map[string]string, error) {
	refs := map[string]string{}
	var errs []error
	for _, ref := range packs {
		p, err := loadPackRef(ref)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("pack %s: %w", ref.ID, err))
			continue
		case ref.Hash != "" && p.Hash != ref.Hash:
			errs = append(errs, fmt.Errorf("pack %s (%s) changed since the run: its references are left out", ref.ID, ref.File))
			continue
		}
		for _, t := range p.Tasks {
			refs[t.FullID()] = t.Reference
		}
	}
	return refs, errors.Join(errs...)
}

func loadPackRef(ref PackRef) (*tasks.Pack, error) {
	if name, ok := strings.CutPrefix(ref.File, builtinPackPrefix); ok {
		return tasks.LoadBuiltin(strings.TrimSuffix(strings.TrimSuffix(name, ".yaml"), ".yml"))
	}
	return tasks.LoadFile(ref.File)
}
