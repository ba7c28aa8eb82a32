from pipeline.files import write_json, write_stage


def finish(output_path, rows):
    write_json(output_path, {"rows": rows})


def record(options, rows):
    write_stage(**options, payload=rows)


def record_report(rows):
    write_stage("stage_report.json", rows)
