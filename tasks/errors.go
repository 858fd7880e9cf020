package tasks

import (
	"fmt"

	"github.com/goccy/go-yaml/token"

	"github.com/pushback/pushback/internal/yamlpos"
)

// Error is one problem in a pack, at a position in its file.
type Error = yamlpos.Error

// ErrorList is every problem found in one or more packs, in file order.
type ErrorList = yamlpos.List

// errorList collects the errors of one file.
type errorList struct {
	file string
	list ErrorList
}

func (l *errorList) addAt(p token.Position, format string, args ...any) {
	l.list = append(l.list, &Error{File: l.file, Line: p.Line, Col: p.Column, Msg: fmt.Sprintf(format, args...)})
}

func (l *errorList) addFile(format string, args ...any) {
	l.list = append(l.list, &Error{File: l.file, Msg: fmt.Sprintf(format, args...)})
}

// sorted returns the errors ordered by position, as a user reads the file.
func (l *errorList) sorted() ErrorList { return l.list.Sorted() }
