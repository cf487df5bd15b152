"""Kazakh ``--help`` texts: a command's or option's help as written (docstrings cleaned) → Kazakh."""

from __future__ import annotations

KK_CLI: dict[str, str] = {
    "Экспертная система социального педагога / Expert system for school social pedagogues.":
        "Әлеуметтік педагогке арналған сараптамалық жүйе.",
    "Show the version and exit.": "Нұсқасын көрсетіп, шығу.",
    "Roster only: re-run N random rows through the experta engine and fail on any difference "
    "/ перепроверить N случайных строк механизмом вывода.":
        "Тек тізім үшін: кездейсоқ N жолды experta шығару механизмімен қайта есептеу, кез келген айырмашылықта "
        "қатемен аяқтау.",
    "Classify one student profile (.yaml or .json) or a roster (.csv, .xlsx, .jsonl).\n\n"
    "Классифицировать одного учащегося по профилю (.yaml или .json) или список учащихся (.csv, .xlsx, .jsonl).":
        "Бір оқушыны профилі (.yaml не .json) бойынша немесе оқушылар тізімін (.csv, .xlsx, .jsonl) жіктеу.",
    "text for people, json (with the trace) for programs.":
        "адамға арналған text, бағдарламаларға арналған json (ережелер ізімен).",
    "Show the student's name (hidden by default: personal data).":
        "Оқушының атын көрсету (әдепкіде жасырылады: дербес деректер).",
    "Roster only: result file (.csv/.xlsx/.jsonl); default ROSTER.result.<ext> / файл результата.":
        "Тек тізім үшін: нәтиже файлы (.csv/.xlsx/.jsonl); әдепкісі ТІЗІМ.result.<ext>.",
    "Roster only: YAML 'column header: input id | id | ignore' / соответствие столбцов признакам.":
        "Тек тізім үшін: бағандардың белгілерге сәйкестігі, YAML «баған тақырыбы: белгі id | id | ignore».",
    "Roster only: copy these columns (e.g. ФИО) to the result; repeat or separate by commas.":
        "Тек тізім үшін: осы бағандарды (мысалы, ТАӘ) нәтижеге көшіру; қайталаңыз немесе үтірмен бөліңіз.",
    "Roster only: write one JSON explanation (with the trace) per student here.":
        "Тек тізім үшін: әр оқушыға бір JSON түсіндірмені (ережелер ізімен) осында жазу.",
    "Roster only: explanation files as JSON (as --format json), a DOT graph or HOW text.":
        "Тек тізім үшін: түсіндірме файлдары JSON (--format json сияқты), DOT графы немесе HOW мәтіні ретінде.",
    "Roster only: worker processes (0 = one per CPU) / число процессов.":
        "Тек тізім үшін: процестер саны (0 — әр процессорға біреу).",
    "Roster only: CSV encoding (default: detect UTF-8 / Windows-1251).":
        "Тек тізім үшін: CSV кодтауы (әдепкіде: UTF-8 / Windows-1251 анықталады).",
    "Roster only: CSV delimiter (default: detect ';' ',' tab).":
        "Тек тізім үшін: CSV бөлгіші (әдепкіде: ';' ',' немесе табуляция анықталады).",
    "Roster only: decimal separator in numbers.": "Тек тізім үшін: сандардағы ондық бөлгіш.",
    "Roster only: XLSX sheet name (default: the first).": "Тек тізім үшін: XLSX парағының атауы (әдепкіде: бірінші).",
    "Roster only: the column with the student id (default: id/student_id/код).":
        "Тек тізім үшін: оқушының сәйкестендіргіші бар баған (әдепкіде: id/student_id/код).",
    "Knowledge-base folder / папка базы знаний.": "Білім қорының қалтасы.",
    "Language of the output / язык вывода / шығыс тілі.": "Шығыс тілі (ru, en, kk).",
    "Interactive consultation: asks only what can change the conclusions, explains why.\n\n"
    "Консультация: задаёт только вопросы, ответы на которые могут изменить выводы, и объясняет, зачем.\n"
    "Команды в любой момент: почему, как, назад, сохранить, ? (справка).":
        "Интерактивті кеңес: жауабы қорытындыларды өзгерте алатын сұрақтарды ғана қояды және не үшін "
        "екенін түсіндіреді.\nКез келген сәтте командалар: неге, қалай, артқа, сақтау, ? (анықтама).",
    "Student id (not a name) / идентификатор учащегося.": "Оқушының сәйкестендіргіші (аты емес).",
    "Answers given in advance (.yaml/.json: a profile or a mapping question → answer). Questions it lacks are "
    "asked at the terminal, or answered «не знаю» when input is not a terminal.":
        "Алдын ала берілген жауаптар (.yaml/.json: профиль немесе «сұрақ → жауап» сәйкестігі). Онда жоқ "
        "сұрақтар терминалда қойылады, ал енгізу терминал болмаса, «білмеймін» деп жауап беріледі.",
    "Continue a saved consultation / продолжить сохранённую консультацию.": "Сақталған кеңесті жалғастыру.",
    "Where to keep the answers (default: consult-STUDENT.json in the current folder).":
        "Жауаптарды сақтау орны (әдепкіде: ағымдағы қалтадағы consult-ОҚУШЫ.json).",
    "Also write the Markdown and printable HTML report with the explanation graph into this folder.":
        "Түсіндіру графы бар Markdown және басып шығаруға арналған HTML есебін де осы қалтаға жазу.",
    "Date of the consultation (YYYY-MM-DD) for the review date; default: today.":
        "Қайта қарау күнін есептеуге арналған кеңес күні (ЖЖЖЖ-АА-КК); әдепкіде: бүгін.",
    "Работа с базой знаний / Knowledge-base tools.": "Білім қорымен жұмыс.",
    "Validate a knowledge base and look for anomalies (codes KB001–KB070, see knowledge_base/README.md).\n"
    "Exit status: 0 — no errors (warnings allowed), 1 — errors found, 2 — the folder cannot be read.\n\n"
    "Проверить базу знаний: ошибки в файлах и аномалии правил (коды KB001–KB070, см. knowledge_base/README.md).\n"
    "Код завершения: 0 — ошибок нет (предупреждения допустимы), 1 — есть ошибки, 2 — папку нельзя прочитать.":
        "Білім қорын тексеру: файлдардағы қателер және ережелердің аномалиялары (KB001–KB070 кодтары, "
        "knowledge_base/README.md қараңыз).\nШығу коды: 0 — қате жоқ (ескертулер болуы мүмкін), "
        "1 — қателер табылды, 2 — қалтаны оқу мүмкін емес.",
    "text for people, json for programs / формат вывода.":
        "Шығыс пішімі: адамға арналған text, бағдарламаларға арналған json.",
    "Most profiles the gap/conflict search evaluates / сколько профилей перебирать не более.":
        "Олқылықтар мен қайшылықтарды іздеу кезінде тексерілетін профильдердің ең көп саны.",
    "Run the reference cases; for a failing one, expected against actual and the rules that made the "
    "difference.\nExit status: 0 — all pass, 1 — some fail, 2 — a file cannot be read.\n\n"
    "Прогнать эталонные случаи; для непройденного — ожидаемое против полученного и правила, давшие разницу.\n"
    "Код завершения: 0 — все пройдены, 1 — есть непройденные, 2 — файл нельзя прочитать.":
        "Эталондық жағдайларды тексеру; өтпегені үшін күтілгені мен алынғаны және айырмашылық берген ережелер "
        "көрсетіледі.\nШығу коды: 0 — бәрі өтті, 1 — кейбірі өтпеді, 2 — файлды оқу мүмкін емес.",
    "Folder of reference cases [default: KB_DIR/cases] / папка эталонных случаев.":
        "Эталондық жағдайлар қалтасы [әдепкісі: KB_DIR/cases].",
    "List passing cases too / показывать и пройденные.": "Өткен жағдайларды да көрсету.",
    "What an edit changes: rules, inputs, parameters, and whose conclusions change (cases, a roster).\n\n"
    "Что меняет правка базы знаний: правила, признаки, параметры — и у каких случаев и учащихся меняются "
    "выводы.":
        "Білім қорындағы түзету нені өзгертеді: ережелер, белгілер, параметрлер — және қай жағдайлар мен "
        "оқушылардың қорытындылары өзгереді.",
    "Reference cases to classify with both [default: NEW_DIR/cases] / эталонные случаи.":
        "Екі нұсқамен де жіктелетін эталондық жағдайлар [әдепкісі: NEW_DIR/cases].",
    "A roster (.csv/.xlsx/.jsonl, as for 'expert classify') to classify with both.":
        "Екі нұсқамен де жіктелетін оқушылар тізімі (.csv/.xlsx/.jsonl).",
    "Examples to show per source / сколько примеров показать.": "Әр дереккөзге көрсетілетін мысалдар саны.",
    "Inputs by group, rules by level and direction, sources cited, reference cases.\n\n"
    "Сводка базы знаний: признаки по группам, правила по уровням и направлениям, источники, эталонные случаи.":
        "Білім қорының жиынтығы: топтар бойынша белгілер, деңгейлер мен бағыттар бойынша ережелер, "
        "дереккөздер, эталондық жағдайлар, тілдер бойынша аударма толықтығы.",
    "What a paragraph of the source document says (§1–§34) and which rules cite it.\n\n"
    "Что говорит параграф документа (пересказ базы знаний) и какие правила на него ссылаются.":
        "Құжат параграфы не туралы (білім қорының мазмұндамасы) және оған қай ережелер сілтеме жасайды (§1–§34).",
    "The knowledge base as a dependency graph: inputs → rules → conclusions.\n\n"
    "База знаний как граф зависимостей: признаки → правила → выводы.":
        "Білім қоры тәуелділіктер графы ретінде: белгілер → ережелер → қорытындылар.",
    "Write the graph to this file.": "Графты осы файлға жазу.",
    "Format (default: from the file name).": "Пішім (әдепкіде: файл атауынан).",
    "Only what can lead to this conclusion.": "Тек осы қорытындыға апара алатындар.",
    "Explain one student's result: the graph of fired rules (-o), HOW, WHY NOT, what-if.\n\n"
    "Объяснить результат: граф сработавших правил (-o), обоснование (--how), почему не (--why-not),\n"
    "что должно измениться (--what-if). Без параметров печатает обоснование.":
        "Бір оқушының нәтижесін түсіндіру: іске қосылған ережелер графы (-o), негіздеме (--how), неге басқасы "
        "емес (--why-not), не өзгеруі керек (--what-if). Параметрсіз негіздемені басып шығарады.",
    "Write the explanation graph to this file.": "Түсіндіру графын осы файлға жазу.",
    "Graph format (default: from the file name; dot without -o).":
        "Граф пішімі (әдепкіде: файл атауынан; -o болмаса, dot).",
    "Show every firing, not only the supporting chain.":
        "Тек қорытындыны негіздейтін тізбекті емес, барлық іске қосылуды көрсету.",
    "Print the justification tree (of one conclusion, or of all).":
        "Негіздеме ағашын басып шығару (бір қорытындының немесе барлығының).",
    "Which conditions failed for each rule that could have concluded it (a direction id such as risk_group, "
    "or any conclusion id).":
        "Оны қорытындылай алатын әр ереже үшін қай шарттар орындалмады (risk_group сияқты бағыт id-і немесе "
        "кез келген қорытынды id-і).",
    "Smallest sets of changes to known, changeable answers that move the student to a less concerning "
    "direction (for the last direction in the KB: to any other).":
        "Белгілі әрі өзгеретін жауаптардың оқушыны алаңдаушылығы азырақ бағытқа ауыстыратын ең шағын "
        "өзгерістер жиындары (білім қорындағы соңғы бағыт үшін — кез келген басқасына).",
    "With --what-if: this target direction instead.": "--what-if-пен: оның орнына осы мақсатты бағыт.",
    "With --what-if: the largest set of changes to try.": "--what-if-пен: тексерілетін өзгерістердің ең көп саны.",
}
