"""Staff commands for the KPI dashboard.

    python -m ops.sync_dashboard              # sync now, to the configured Sheet (or the .xlsx without one)
    python -m ops.sync_dashboard --xlsx F     # export the same grids as one workbook, for policy reports

Reads the same configuration as the functions (INTEGRA_TABLE, DASHBOARD_SHEET_ID, GOOGLE_SA_SECRET_ID, AWS_*).
"""
import argparse
import json
import sys
from pathlib import Path


def main(argv=None) -> int:
    from chalicelib import bootstrap
    from chalicelib import jobs as worker
    from chalicelib.adapters.dashboard_sinks import XlsxSink
    from chalicelib.services import dashboard
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--xlsx", type=Path, help="write the grids to this workbook instead of syncing")
    args = parser.parse_args(argv)
    if args.xlsx:
        w = bootstrap.wiring()
        result = dashboard.sync(w.store, XlsxSink(args.xlsx), w.clock(), w.config.dashboard_first_year,
                                w.config.first_assessment_days)
    else:
        result = worker.sync_dashboard()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
