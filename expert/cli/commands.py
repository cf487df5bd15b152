"""The commands of ``expert``: where each is defined and its help (the one copy of it: the command is
declared with ``help=`` this text), so that ``expert --help`` lists them without importing any."""

from __future__ import annotations

from expert.cli.lazy import LazyCommand

COMMANDS: dict[str, LazyCommand] = {
    "classify": LazyCommand("expert.cli.classify:classify_command", """\
Classify one student profile (.yaml or .json) or a roster (.csv, .xlsx, .jsonl).

Классифицировать одного учащегося по профилю (.yaml или .json) или список учащихся (.csv, .xlsx, .jsonl).
"""),
    "consult": LazyCommand("expert.cli.consult:consult_command", """\
Interactive consultation: asks only what can change the conclusions, explains why.

Консультация: задаёт только вопросы, ответы на которые могут изменить выводы, и объясняет, зачем.
Команды в любой момент: почему, как, назад, сохранить, ? (справка).
"""),
    "explain": LazyCommand("expert.cli.explain_cmd:explain_command", """\
Explain one student's result: the graph of fired rules (-o), HOW, WHY NOT, what-if.

Объяснить результат: граф сработавших правил (-o), обоснование (--how), почему не (--why-not),
что должно измениться (--what-if). Без параметров печатает обоснование.
"""),
    "kb": LazyCommand("expert.cli.kb:kb_group", "Работа с базой знаний / Knowledge-base tools."),
    "serve": LazyCommand("expert.cli.serve:serve_command", """\
Start the web application and open it in the browser.

Запустить веб-приложение (консультация, рекомендация, карта сопровождения, списки) и открыть его в браузере.
"""),
    "template": LazyCommand("expert.cli.template_cmd:template_command", """\
Write an XLSX roster template: one column per question, drop-down answers, an instructions sheet.

Шаблон списка учащихся для школ: столбец на каждый вопрос, ответы из списка, лист с инструкцией.
"""),
    "users": LazyCommand("expert.cli.serve:users_group",
                         "Users of school-server mode / пользователи режима школьного сервера."),
}


def command_help(name: str) -> str:
    return COMMANDS[name].help
