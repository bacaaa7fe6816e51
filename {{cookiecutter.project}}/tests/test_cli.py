import pytest

from {{ cookiecutter.package_name }} import cli, environments


def test_environments_command_lists_both_environments(capsys):
    assert cli.main(["environments"]) == 0
    output = capsys.readouterr().out
    for env in environments.ENVIRONMENTS.values():
        assert env.endpoint_name in output


def test_an_unknown_command_exits_with_usage():
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["no-such-group"])
    assert exit_info.value.code == 2
