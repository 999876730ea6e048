import time
from tests.audit.test_replay import returned_sktm, assert_replay_equals_saved_state
def test_prof(app, api_as, sktm):
    t=time.perf_counter(); j = returned_sktm(app, api_as, sktm); t1=time.perf_counter()
    assert_replay_equals_saved_state(j); t2=time.perf_counter()
    print("journey", t1-t, "assert", t2-t1)
