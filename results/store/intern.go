package store

import (
	"database/sql"
	"sync"
)

// interned holds the few distinct values of the short columns (grades,
// stances, branches, models, packs, task hashes) read over and over: each
// is allocated once however many rows repeat it, so a run streamed through
// a report does not leave a copy per row in what the report keeps.
var interned = struct {
	sync.Mutex
	m map[string]string
}{m: map[string]string{}}

// maxInterned bounds the table; past it, values are copied as they come.
const maxInterned = 1 << 16

// intern returns b as a string shared with every equal value read before.
func intern(b sql.RawBytes) string {
	interned.Lock()
	defer interned.Unlock()
	if s, ok := interned.m[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(interned.m) < maxInterned {
		interned.m[s] = s
	}
	return s
}
