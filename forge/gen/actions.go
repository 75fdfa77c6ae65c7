package gen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/forge-framework/forge/forge/ir"
)

func init() {
	for name, fn := range map[string]any{
		"jobName":    jobName,
		"jobIDField": jobIDField,
		"jobIDJSON":  jobIDJSON,
		"comment":    comment,
		"article":    article,
		"jobDoc":     jobDoc,
	} {
		funcs[name] = fn
	}
}

// actionsData is what actions.tmpl and actions_jobs.tmpl read.
type actionsData struct {
	*model
	Imports []importSpec
}

// resourceFile is what actions_resource.tmpl reads. It copies what it
// prints of the resource rather than embedding it (text/template looks a
// promoted field up by a slow search on every use), and holds the doc
// comments and quoted name ready to print.
type resourceFile struct {
	Name, Plural             string
	QName                    string // Name quoted
	Options                  ir.Options
	AfterCreate, AfterUpdate []*hook
	// CreateDoc, UpdateDoc and DeleteDoc are the actions' doc comments.
	CreateDoc, UpdateDoc, DeleteDoc string
}

func newResourceFile(r *resource) *resourceFile {
	rf := &resourceFile{Name: r.Name, Plural: r.Plural, QName: strconv.Quote(r.Name), Options: r.Options, AfterCreate: r.AfterCreate, AfterUpdate: r.AfterUpdate}
	rf.CreateDoc, rf.UpdateDoc, rf.DeleteDoc = actionDoc(rf, "create"), actionDoc(rf, "update"), actionDoc(rf, "delete")
	return rf
}

// actionFiles generates gen/actions: the transactional writes that enqueue
// hook jobs and publish change events, and the job args types.
func actionFiles(m *model) ([]file, error) {
	for _, r := range m.Resources {
		for _, hs := range [][]*hook{r.AfterCreate, r.AfterUpdate} {
			for _, h := range hs {
				if h.Job == nil || h.Job.Res != r {
					return nil, fmt.Errorf("gen: resource %s: its hook's job %q is not one of its jobs in the IR", r.Name, h.Kind)
				}
			}
		}
	}
	actionsImports := importSet{}.add("github.com/jackc/pgx/v5", "github.com/riverqueue/river", forgeModule+"/runtime/action")
	jobsImports := importSet{}
	if len(m.Jobs) > 0 {
		jobsImports.add("github.com/google/uuid").named("forgejobs", forgeModule+"/runtime/jobs")
	}
	files := []file{
		{name: "gen/actions/actions.go", template: "actions.tmpl", data: func() any { return actionsData{m, m.importList(actionsImports)} }, imports: actionsImports},
		{name: "gen/actions/jobs.go", template: "actions_jobs.tmpl", data: func() any { return actionsData{m, m.importList(jobsImports)} }, imports: jobsImports},
	}
	for _, r := range m.Resources {
		imports := actionImports(m, r)
		files = append(files, file{name: "gen/actions/" + r.File + ".go", template: "actions_resource.tmpl", data: func() any { return newResourceFile(r) }, into: "gen/actions/resources.go", imports: imports})
	}
	return files, nil
}

// actionImports are the imports of r's actions.
func actionImports(m *model, r *resource) importSet {
	imports := importSet{}.add("context", "github.com/google/uuid", "github.com/jackc/pgx/v5", m.ImportPath+"/gen/db",
		forgeModule+"/runtime/action", forgeModule+"/runtime/notify")
	if len(r.AfterCreate)+len(r.AfterUpdate) > 0 {
		imports.named("forgejobs", forgeModule+"/runtime/jobs")
	}
	return imports
}

// jobName is the Go name of a job kind, its args type without "Args":
// "ProductCreated".
func jobName(j *job) string {
	return ir.JobName(j.Kind)
}

// jobIDField is the args field holding the id of the row a job is about:
// "ProductID".
func jobIDField(j *job) string {
	return ir.ForeignKeyField(j.Res.Name)
}

// jobIDJSON is the JSON key of jobIDField: "product_id".
func jobIDJSON(j *job) string {
	return ir.ForeignKeyColumn(j.Res.Name)
}

// jobEnqueuedBy says which writes enqueue j: "creating or updating a
// Product".
func jobEnqueuedBy(j *job) string {
	var on []string
	for _, h := range j.Res.AfterCreate {
		if h.Kind == j.Kind {
			on = append(on, "creating")
			break
		}
	}
	for _, h := range j.Res.AfterUpdate {
		if h.Kind == j.Kind {
			on = append(on, "updating")
			break
		}
	}
	if len(on) == 0 {
		return "no hook of " + j.Res.Name
	}
	return strings.Join(on, " or ") + " " + article(j.Res.Name) + " " + j.Res.Name
}

// jobDoc is the doc comment of j's args type ("args") or of its scaffolded
// worker ("worker").
func jobDoc(j *job, of string) string {
	switch of {
	case "args":
		return comment(j.Args + " are the args of " + article(j.Kind) + " " + j.Kind + " job, which " + jobEnqueuedBy(j) +
			" enqueues. Its worker runs with TenantID as its tenant (runtime/jobs).")
	case "worker":
		return comment(jobName(j) + "Worker works " + j.Kind + " jobs, which " + jobEnqueuedBy(j) + " enqueues.")
	}
	panic("gen: jobDoc: unknown doc " + of)
}

// article is the indefinite article of an identifier: "an Order", "a
// Product". A leading U sounds like "you" before a consonant and a vowel
// ("a User", "an Update").
func article(word string) string {
	w := strings.ToLower(word)
	switch {
	case w == "":
		return "a"
	case strings.ContainsRune("aeio", rune(w[0])):
		return "an"
	case w[0] == 'u':
		if len(w) > 2 && !isVowel(w[1]) && isVowel(w[2]) {
			return "a"
		}
		return "an"
	}
	return "a"
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

// actionDoc is the doc comment of r's create, update or delete action.
func actionDoc(r *resourceFile, op string) string {
	var text string
	switch op {
	case "create":
		text = "Create" + r.Name + " inserts " + article(r.Name) + " " + r.Name + hookClause(r.AfterCreate) + " and publishes its create event, all in one transaction."
	case "update":
		text = "Update" + r.Name + " writes the fields that in sets to the " + r.Name + " with id" + hookClause(r.AfterUpdate) + " and publishes its update event, all in one transaction. An update that changes nothing writes, enqueues and publishes nothing."
	case "delete":
		verb := " deletes"
		if r.Options.SoftDelete {
			verb = " soft-deletes"
		}
		text = "Delete" + r.Name + verb + " the " + r.Name + " with id and publishes its delete event, in one transaction."
	default:
		panic("gen: actionDoc: unknown op " + op)
	}
	return comment(text)
}

// hookClause is ", enqueues a product_created job" for hooks, "" for none.
func hookClause(hooks []*hook) string {
	kinds := make([]string, len(hooks))
	for i, h := range hooks {
		kinds[i] = h.Kind
	}
	switch len(kinds) {
	case 0:
		return ""
	case 1:
		return ", enqueues " + article(kinds[0]) + " " + kinds[0] + " job"
	}
	return ", enqueues " + strings.Join(kinds[:len(kinds)-1], ", ") + " and " + kinds[len(kinds)-1] + " jobs"
}

// comment returns text as a Go comment, wrapped at 80 columns.
func comment(text string) string {
	var b strings.Builder
	line := "//"
	for _, word := range strings.Fields(text) {
		if len(line)+1+len(word) > 80 && line != "//" {
			b.WriteString(line + "\n")
			line = "//"
		}
		line += " " + word
	}
	b.WriteString(line)
	return b.String()
}
