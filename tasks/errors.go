package tasks

import (
	"github.com/pushback/pushback/internal/yamlpos"
)

// Error is one problem in a pack, at a position in its file.
type Error = yamlpos.Error

// ErrorList is every problem found in one or more packs, in file order.
type ErrorList = yamlpos.List
