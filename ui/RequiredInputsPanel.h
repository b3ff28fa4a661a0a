#pragma once

#include <QWidget>
#include <vector>

class QGridLayout;
class QLabel;

namespace mb::ui {

class ProjectConnection;

// One input an analysis reads: an import kind (data/Kind.h), and whether the analysis runs
// without it.
struct RequiredInput {
    QString kind;
    bool optional = false;
};

// The first steps of a page on a project that lacks what its analysis needs: each input kind,
// whether the project has it (with its row count), and an Import button for each missing one.
class RequiredInputsPanel : public QWidget {
    Q_OBJECT
public:
    explicit RequiredInputsPanel(QWidget* parent = nullptr);

    void setInputs(std::vector<RequiredInput> inputs);
    const std::vector<RequiredInput>& inputs() const { return inputs_; }
    // Re-counts the project's rows; the panel shows itself only while a required kind is missing.
    void update(const ProjectConnection* connection);
    QStringList missingKinds() const { return missing_; }

signals:
    void importRequested(const QString& kind);

private:
    std::vector<RequiredInput> inputs_;
    QStringList missing_;
    QGridLayout* grid_ = nullptr;
};

}  // namespace mb::ui
