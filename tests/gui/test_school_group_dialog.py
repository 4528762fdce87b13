"""The school group dialog: a whole class in one go, children by first name only."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mscd_desktop.core import attendees as at
from mscd_desktop.gui.checkin.school_group_dialog import SchoolGroupDialog


def fill(qtbot, dialog, children):
    qtbot.keyClicks(dialog.ui.schoolEdit, "CEIP Miguel Delibes")
    qtbot.keyClicks(dialog.ui.classEdit, "4º B")
    qtbot.keyClicks(dialog.ui.teacherEdit, "Pilar Sanz Herrero")
    dialog.ui.childrenEdit.setPlainText(children)


def test_class_is_registered_with_teacher_and_children(qtbot, demo_context, screenshot):
    dialog = SchoolGroupDialog(demo_context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    fill(qtbot, dialog, "Lucía\n\nHugo\n  Martina \nDani G.\n")
    assert dialog.ui.countLabel.text() == "4 children"
    screenshot(dialog, "school_group_dialog")
    with qtbot.waitSignal(dialog.group_registered) as registered:
        qtbot.keyClick(dialog.ui.teacherEdit, Qt.Key.Key_Return)
    group = registered.args[0]
    assert (group.school, group.class_name, group.age_band, group.pupil_count) == (
        "CEIP Miguel Delibes",
        "4º B",
        "8-11",
        4,
    )
    names = [m.name for m in at.group_members(demo_context.store, group.id)]
    assert names == ["Pilar Sanz Herrero", "Dani G.", "Hugo", "Lucía", "Martina"]


def test_surname_of_a_child_is_refused_at_the_field(qtbot, demo_context):
    groups = len(at.list_groups(demo_context.store, demo_context.event.id))
    dialog = SchoolGroupDialog(demo_context)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(qtbot, dialog, "Lucía\nHugo Martínez Gil\n")
    dialog.ui.ageBandCombo.setCurrentIndex(1)
    qtbot.keyClick(dialog.ui.classEdit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "Child 2" in dialog.ui.childrenError.text()
    assert dialog.ui.childrenError.isVisibleTo(dialog)
    assert len(at.list_groups(demo_context.store, demo_context.event.id)) == groups
    dialog.ui.childrenEdit.setPlainText("Lucía\nHugo M.\n")
    with qtbot.waitSignal(dialog.group_registered) as registered:
        qtbot.keyClick(dialog.ui.classEdit, Qt.Key.Key_Return)
    assert registered.args[0].age_band == "12-15"
