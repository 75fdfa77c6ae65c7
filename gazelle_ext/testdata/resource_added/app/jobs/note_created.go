package jobs

// NoteCreatedArgs are the note_created job's arguments.
type NoteCreatedArgs struct{ ID int64 }

// Kind is the job kind.
func (NoteCreatedArgs) Kind() string { return "note_created" }
