package tasks

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/pushback/pushback/internal/yamlpos"
)

//go:embed packs
var builtinFS embed.FS

// builtinPrefix marks the File of an embedded pack.
const builtinPrefix = "builtin:"

// Parse decodes and validates one pack. file names it in errors; read
// returns an attachment's bytes given its path relative to the pack. All
// problems of the file are returned together as an ErrorList.
func Parse(file string, data []byte, read func(name string) ([]byte, error)) (*Pack, error) {
	return parsePack(file, data, read, true)
}

// parsePack is Parse; selfCheck says whether each task's reference and
// distractor are graded by its own grader (see validator.selfCheck).
func parsePack(file string, data []byte, read func(name string) ([]byte, error), selfCheck bool) (*Pack, error) {
	errs := &yamlpos.Errors{File: file}
	root, ok := yamlpos.ParseDocument(data, errs, "the file is empty; a pack starts with `pack: my-pack`")
	if !ok {
		return nil, errs.List.Sorted()
	}
	d := yamlpos.NewDecoder(errs)
	p := &Pack{File: file}
	d.Decode(root, reflect.ValueOf(p).Elem(), "")
	v := &validator{d: d, errs: errs, p: p, read: read, checkRefs: selfCheck}
	v.validate()
	if len(errs.List) > 0 {
		return nil, errs.List.Sorted()
	}
	p.Hash = hashPack(data, p)
	for _, t := range p.Tasks {
		t.Hash = hashTask(t)
	}
	return p, nil
}

// hashTask hashes a task's content: its fields (JSON, which holds the
// prompt, references, grader and scripts) and its attachments.
func hashTask(t *Task) string {
	h := sha256.New()
	b, err := json.Marshal(t)
	if err != nil {
		b = []byte(t.Prompt + "\x00" + t.Reference)
	}
	h.Write(b)
	for _, a := range t.Files {
		fmt.Fprintf(h, "\x00%s\x00%d\x00", a.Name, len(a.Data))
		h.Write(a.Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func hashPack(data []byte, p *Pack) string {
	h := sha256.New()
	h.Write(data)
	for _, t := range p.Tasks {
		for _, a := range t.Files {
			fmt.Fprintf(h, "\x00%s\x00%d\x00", a.Name, len(a.Data))
			h.Write(a.Data)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// LoadFile reads and validates a pack from disk; attachments are resolved
// relative to the file's directory.
func LoadFile(name string) (*Pack, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, ErrorList{{File: name, Msg: fmt.Sprintf("cannot read pack: %v", unwrapPathErr(err))}}
	}
	dir := filepath.Dir(name)
	return Parse(name, data, func(a string) ([]byte, error) {
		return os.ReadFile(filepath.Join(dir, filepath.FromSlash(a)))
	})
}

// BuiltinIDs lists the ids of the embedded packs, sorted.
func BuiltinIDs() []string {
	entries, _ := fs.ReadDir(builtinFS, "packs")
	var ids []string
	for _, e := range entries {
		if !e.IsDir() && isYAML(e.Name()) {
			ids = append(ids, strings.TrimSuffix(strings.TrimSuffix(e.Name(), ".yaml"), ".yml"))
		}
	}
	sort.Strings(ids)
	return ids
}

func isYAML(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
}

// LoadBuiltin loads one embedded pack by id.
func LoadBuiltin(id string) (*Pack, error) { return loadBuiltin(id, false) }

func loadBuiltin(id string, selfCheck bool) (*Pack, error) {
	for _, ext := range []string{".yaml", ".yml"} {
		name := "packs/" + id + ext
		data, err := builtinFS.ReadFile(name)
		if err != nil {
			continue
		}
		// Unless asked (LoadChecked), the built-in packs' references and
		// distractors are not graded at every start: they are compiled
		// into the binary and graded by the test suite
		// (TestBuiltinSelfCheck).
		return parsePack(builtinPrefix+id+ext, data, func(a string) ([]byte, error) {
			return builtinFS.ReadFile(path.Join("packs", a))
		}, selfCheck)
	}
	return nil, fmt.Errorf("no built-in pack %q (built-in: %s)", id, strings.Join(BuiltinIDs(), ", "))
}

// LoadRecorded loads a pack from the File a loaded pack recorded:
// "builtin:<id>.yaml" from the binary, anything else as a path.
func LoadRecorded(file string) (*Pack, error) {
	if name, ok := strings.CutPrefix(file, builtinPrefix); ok {
		return LoadBuiltin(strings.TrimSuffix(strings.TrimSuffix(name, ".yaml"), ".yml"))
	}
	return LoadFile(file)
}

// Load resolves pack references: a built-in pack id, a pack file, or a
// directory (every .yaml/.yml file in it, recursively). No references means
// every built-in pack. Errors from every file are returned together, and a
// pack id used by two files is an error.
func Load(refs ...string) ([]*Pack, error) { return load(refs, false) }

// LoadChecked is Load that also grades the built-in packs' references and
// distractors with their own graders (pack validate), as every other pack
// is.
func LoadChecked(refs ...string) ([]*Pack, error) { return load(refs, true) }

func load(refs []string, checkBuiltin bool) ([]*Pack, error) {
	if len(refs) == 0 {
		refs = BuiltinIDs()
	}
	var packs []*Pack
	var all ErrorList
	add := func(p *Pack, err error) {
		var el ErrorList
		switch {
		case errors.As(err, &el):
			all = append(all, el...)
		case err != nil:
			all = append(all, &Error{Msg: err.Error()})
		default:
			packs = append(packs, p)
		}
	}
	for _, ref := range refs {
		files, err := resolve(ref)
		if err != nil {
			add(nil, err)
			continue
		}
		for _, f := range files {
			if f.builtin {
				add(loadBuiltin(f.name, checkBuiltin))
			} else {
				add(LoadFile(f.name))
			}
		}
	}
	all = append(all, duplicatePacks(packs)...)
	if len(all) > 0 {
		return nil, all
	}
	return packs, nil
}

type packFile struct {
	name    string
	builtin bool
}

// resolve turns one reference into the pack files it names. A path that
// exists wins over a built-in id of the same name.
func resolve(ref string) ([]packFile, error) {
	st, err := os.Stat(ref)
	if err != nil {
		for _, id := range BuiltinIDs() {
			if id == ref {
				return []packFile{{name: id, builtin: true}}, nil
			}
		}
		return nil, fmt.Errorf("pack %q is neither a built-in pack (%s) nor a file or directory", ref, strings.Join(BuiltinIDs(), ", "))
	}
	if !st.IsDir() {
		return []packFile{{name: ref}}, nil
	}
	var out []packFile
	err = filepath.WalkDir(ref, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() && isYAML(p) {
			out = append(out, packFile{name: p})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pack directory %s: %w", ref, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("pack directory %s holds no .yaml files", ref)
	}
	return out, nil
}

func duplicatePacks(packs []*Pack) ErrorList {
	first := map[string]*Pack{}
	var errs ErrorList
	for _, p := range packs {
		if q, dup := first[p.ID]; dup {
			errs = append(errs, &Error{File: p.File, Line: 1, Col: 1, Msg: fmt.Sprintf("duplicate pack id %q: also used by %s", p.ID, q.File)})
			continue
		}
		first[p.ID] = p
	}
	return errs
}

// Find returns the task of packs whose id or full id is id, or an error
// listing the ids there are.
func Find(packs []*Pack, id string) (*Task, error) {
	var ids []string
	for _, p := range packs {
		for _, t := range p.Tasks {
			if t.ID == id || t.FullID() == id {
				return t, nil
			}
			ids = append(ids, t.ID)
		}
	}
	return nil, fmt.Errorf("no task %q (tasks: %v)", id, ids)
}
