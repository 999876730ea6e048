"""Running letters stay on the version they started on; admins move the ones that can move."""

from sqlalchemy import select

from app.extensions import db
from app.models import LetterEvent, Task
from tests.admin.helpers import route_id, save_and_deploy, upload
from tests.e2e.journeys import act, create, inbox_task, letter_at
from tests.engine import variants


def steps_of(api, letter_id: int) -> list[str]:
    return [t["step"] for t in api.get(f"/letters/{letter_id}").get_json()["open_tasks"]]


def test_a_letter_started_on_v1_finishes_on_v1_while_new_letters_use_v2(api_as, skd):
    operator, admin = api_as("operator.bogem"), api_as("admin.blora")
    old = letter_at(api_as, skd, [("operator.bogem", "operator_check")])
    save_and_deploy(
        admin, "surat_desa", variants.with_archive_after_handover(), "Tambah langkah arsip"
    )

    new = create(operator, skd)
    act(operator, new["id"], "operator_check")
    act(api_as("kades.bogem"), new["id"], "kades_sign")
    after_handover = act(operator, new["id"], "handover")
    assert after_handover["status"] == "in_progress" and steps_of(operator, new["id"]) == [
        "archive"
    ]
    assert act(operator, new["id"], "archive")["status"] == "completed"

    act(api_as("kades.bogem"), old["id"], "kades_sign")
    finished = act(operator, old["id"], "handover")
    assert finished["status"] == "completed" and finished["open_tasks"] == []


def test_dry_run_lists_each_running_letter_with_whether_and_why_not_it_can_move(
    app, api_as, skd, sktm
):
    admin = api_as("admin.blora")
    at_check = letter_at(api_as, skd, [])
    at_kades = letter_at(api_as, skd, [("operator.bogem", "operator_check")])
    letter_at(api_as, sktm, [])  # another route: never listed
    rid = route_id(admin, "surat_desa")
    v4 = upload(admin, f"/routes/{rid}/versions", variants.kades_sign_in_sekdes_lane()).get_json()

    plan = admin.post(
        f"/routes/{rid}/migrate", json={"dry_run": True, "version_id": v4["id"]}
    ).get_json()
    assert plan["dry_run"] is True and plan["target_version"]["number"] == 2
    rows = {
        item["letter_id"]: (item["can_migrate"], item["reasons"], item["migrated"])
        for item in plan["items"]
    }
    assert rows == {
        at_check["id"]: (True, [], False),
        at_kades["id"]: (
            False,
            ["Langkah saat ini 'kades_sign' pindah lajur dari 'kades' ke 'sekdes'."],
            False,
        ),
    }
    with app.app_context():  # a dry run changes nothing
        assert db.session.scalar(select(LetterEvent).where(LetterEvent.kind == "migrated")) is None


def test_migration_moves_the_letters_that_can_and_keeps_every_completed_step(app, api_as, skd):
    admin, kades, operator = api_as("admin.blora"), api_as("kades.bogem"), api_as("operator.bogem")
    at_check = letter_at(api_as, skd, [])
    at_kades = letter_at(api_as, skd, [("operator.bogem", "operator_check")])
    signed = letter_at(
        api_as, skd, [("operator.bogem", "operator_check"), ("kades.bogem", "kades_sign")]
    )
    returned = create(operator, skd)
    act(
        operator, returned["id"], "operator_check", "return", reason="KTP buram"
    )  # now at operator_revise
    kades_task = inbox_task(kades, at_kades["id"], "kades_sign")["id"]
    v2 = save_and_deploy(admin, "surat_desa", variants.with_sekdes_check(), "Sekdes memeriksa dulu")
    rid = route_id(admin, "surat_desa")

    result = admin.post(f"/routes/{rid}/migrate", json={"dry_run": False}).get_json()
    moved = {item["letter_id"]: item["migrated"] for item in result["items"]}
    assert result["target_version"]["id"] == v2["id"]
    assert moved == {
        at_check["id"]: True,
        at_kades["id"]: True,
        signed["id"]: True,
        returned["id"]: True,
    }

    with app.app_context():
        events = db.session.scalars(select(LetterEvent).where(LetterEvent.kind == "migrated")).all()
        assert sorted(e.letter_id for e in events) == sorted(moved)
        event = next(e for e in events if e.letter_id == at_kades["id"])
        assert (event.data["from_version"], event.data["to_version"], event.data["open_steps"]) == (
            1,
            2,
            ["kades_sign"],
        )
        assert event.actor.username == "admin.blora"
        done = db.session.scalars(
            select(Task.step).where(Task.letter_id == signed["id"], Task.state == "completed")
        )
        assert sorted(done) == ["kades_sign", "operator_check"]

    assert steps_of(kades, at_kades["id"]) == ["kades_sign"]
    assert inbox_task(kades, at_kades["id"], "kades_sign")["id"] == kades_task  # the same inbox row
    act(operator, at_check["id"], "operator_check")
    assert inbox_task(
        api_as("sekdes.bogem"), at_check["id"], "sekdes_check"
    )  # the new step, after moving
    letter = act(operator, signed["id"], "handover")
    assert letter["status"] == "completed" and [s["step"] for s in letter["signatures"]] == [
        "kades_sign"
    ]

    again = admin.post(f"/routes/{rid}/migrate", json={"dry_run": True}).get_json()
    assert [i["letter_id"] for i in again["items"]] == []  # everyone is on v2 now


def test_a_letter_that_cannot_move_stays_on_its_version_and_still_finishes(api_as, skd):
    admin, operator = api_as("admin.blora"), api_as("operator.bogem")
    returned = create(operator, skd)
    act(
        operator, returned["id"], "operator_check", "return", reason="KTP buram"
    )  # at operator_revise
    save_and_deploy(
        admin, "surat_desa", variants.without_operator_revise(), "Tanpa langkah perbaikan"
    )
    rid = route_id(admin, "surat_desa")
    result = admin.post(f"/routes/{rid}/migrate", json={"dry_run": False}).get_json()
    assert [(i["letter_id"], i["migrated"], i["reasons"]) for i in result["items"]] == [
        (returned["id"], False, ["Langkah saat ini 'operator_revise' dihapus pada versi baru."])
    ]
    act(operator, returned["id"], "operator_revise")
    assert steps_of(operator, returned["id"]) == ["operator_check"]
