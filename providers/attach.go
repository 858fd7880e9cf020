package providers

import (
	"fmt"
	"mime"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Image MIME types every real provider accepts as an image.
const (
	MIMEPNG  = "image/png"
	MIMEJPEG = "image/jpeg"
)

// Content is a message ready for a wire format: its text with every text
// attachment inlined, and its images.
type Content struct {
	Text   string
	Images []Attachment
}

// Prepare splits m's attachments: text ones are appended to the text in a
// delimited block, png and jpeg ones are returned as images, and any other
// type is an error naming the attachment.
func Prepare(m Message) (Content, error) {
	c := Content{Text: m.Text}
	var b strings.Builder
	b.WriteString(m.Text)
	for _, a := range m.Attachments {
		mt := AttachmentMIME(a)
		switch {
		case mt == MIMEPNG || mt == MIMEJPEG:
			a.MIME = mt
			c.Images = append(c.Images, a)
		case isText(mt, a.Data):
			fmt.Fprintf(&b, "\n\n<attachment name=%q>\n%s\n</attachment>", a.Name, strings.TrimRight(string(a.Data), "\n"))
		default:
			return Content{}, fmt.Errorf("attachment %s: unsupported type %s (only text, png and jpeg)", a.Name, mt)
		}
	}
	c.Text = b.String()
	return c, nil
}

// AttachmentMIME returns a's media type: its MIME field without parameters,
// else the type its file extension implies.
func AttachmentMIME(a Attachment) string {
	mt := a.MIME
	if mt == "" {
		mt = mime.TypeByExtension(strings.ToLower(filepath.Ext(a.Name)))
	}
	if parsed, _, err := mime.ParseMediaType(mt); err == nil {
		mt = parsed
	}
	if mt == "image/jpg" {
		mt = MIMEJPEG
	}
	return mt
}

func isText(mt string, data []byte) bool {
	switch {
	case strings.HasPrefix(mt, "text/"):
		return true
	case mt == "application/json", mt == "application/yaml", mt == "application/x-yaml",
		mt == "application/x-tex", mt == "application/xml", mt == "application/toml":
		return true
	case mt == "", mt == "application/octet-stream":
		return utf8.Valid(data)
	}
	return false
}
