package tasks

import (
	"fmt"
	"sort"
	"strings"

	"github.com/goccy/go-yaml/token"
)

// Error is one problem in a pack, at a position in its file.
type Error struct {
	File string
	Line int // 1-based; 0 when the problem concerns the whole file
	Col  int
	Msg  string
}

func (e *Error) Error() string {
	if e.File == "" {
		return e.Msg
	}
	if e.Line == 0 {
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// ErrorList is every problem found in one or more packs, in file order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

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
func (l *errorList) sorted() ErrorList {
	out := append(ErrorList(nil), l.list...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Col < out[j].Col
	})
	return out
}
