#pragma once
// Rows of a QFormLayout whose labels are filled in later, by retranslate(), so a language
// switch at run time only has to set texts.

class QFormLayout;
class QString;
class QWidget;

namespace ec::ui {

/// Adds field with an empty label that names field as its buddy.
void addLabeledRow(QFormLayout* form, QWidget* field);
/// Sets the text of field's label in form (added with addLabeledRow()).
void setRowLabel(QFormLayout* form, QWidget* field, const QString& text);

} // namespace ec::ui
