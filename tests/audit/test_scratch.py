import json
from tests.e2e.journeys import act, create
from app.extensions import db
from app.models import Letter

def test_scratch(app, api_as, sktm):
    op, kades = api_as("operator.bogem"), api_as("kades.bogem")
    kec = api_as("operator.kec.japah")
    letter = create(op, sktm)
    act(op, letter["id"], "operator_check")
    act(kades, letter["id"], "kades_sign")
    act(kec, letter["id"], "kecamatan_check", decision="return", reason="x")
    with app.app_context():
        l = db.session.get(Letter, letter["id"])
        s = l.process_state
        print(len(json.dumps(s)), list(s.keys()))
        for tid, t in s["tasks"].items():
            print(t["task_spec"], t["state"], len(t["children"]), t.get("data"), t.get("delta"))
