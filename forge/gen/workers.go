package gen

import "sort"

// workerFiles generates gen/workers: the registry of the workers under
// jobs/, one per job kind.
func workerFiles(m *model) ([]file, error) {
	imports := importSet{}.add("github.com/riverqueue/river", forgeModule+"/runtime/app")
	if len(m.Jobs) > 0 {
		imports.add("fmt", m.ImportPath+"/jobs")
	}
	data := func() any { return workersData{model: m, Imports: m.importList(imports)} }
	return []file{{name: "gen/workers/workers.go", template: "workers.tmpl", data: data, imports: imports}}, nil
}

// workersData is what workers.tmpl reads.
type workersData struct {
	*model
	Imports []importSpec
}

// scaffoldFiles returns the user's starting workers under jobs/: a package
// doc and one worker per job kind. An app without jobs gets none.
func scaffoldFiles(m *model) ([]file, error) {
	if len(m.Jobs) == 0 {
		return nil, nil
	}
	files := []file{{name: "jobs/doc.go", template: "scaffold_doc.tmpl", data: func() any { return m }}}
	for _, j := range m.Jobs {
		files = append(files, file{name: "jobs/" + j.Kind + ".go", template: "scaffold_worker.tmpl", data: func() any { return scaffoldJob{Job: j, ImportPath: m.ImportPath} }})
	}
	return files, nil
}

// scaffoldJob is what scaffold_worker.tmpl reads.
type scaffoldJob struct {
	Job        *job
	ImportPath string
}

// Queues returns the queues the schema's hooks insert into, sorted.
func (m *model) Queues() []string {
	seen := map[string]bool{}
	var queues []string
	for _, r := range m.Resources {
		for _, h := range append(append([]*hook{}, r.AfterCreate...), r.AfterUpdate...) {
			if !seen[h.Queue] {
				seen[h.Queue] = true
				queues = append(queues, h.Queue)
			}
		}
	}
	sort.Strings(queues)
	return queues
}
