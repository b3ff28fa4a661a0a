#include "RequiredInputsPanel.h"

#include "Format.h"
#include "ProjectConnection.h"
#include "data/Kind.h"

#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace mb::ui {

RequiredInputsPanel::RequiredInputsPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("requiredInputs"));
    auto* title = new QLabel(tr("<b>First steps:</b> this analysis reads these inputs. Import "
                                "the missing ones (File > Import opens the same wizard)."),
                             this);
    title->setWordWrap(true);
    grid_ = new QGridLayout;
    grid_->setHorizontalSpacing(14);
    grid_->setVerticalSpacing(4);
    grid_->setColumnStretch(2, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 8);
    layout->addWidget(title);
    layout->addLayout(grid_);
    hide();
}

void RequiredInputsPanel::setInputs(std::vector<RequiredInput> inputs) {
    inputs_ = std::move(inputs);
}

void RequiredInputsPanel::update(const ProjectConnection* connection) {
    while (QLayoutItem* item = grid_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    missing_.clear();
    if (!connection || inputs_.empty()) {
        hide();
        return;
    }
    bool requiredMissing = false;
    int row = 0;
    for (const RequiredInput& input : inputs_) {
        const data::KindSpec* spec = data::findKind(input.kind);
        if (!spec)
            continue;
        const qint64 rows = connection->countRows(spec->table);
        const bool present = rows > 0;
        auto* name = new QLabel(input.optional ? tr("%1 (optional)").arg(spec->name) : spec->name);
        name->setToolTip(spec->description);
        auto* state = new QLabel(present ? tr("✓ %1").arg(formatRows(rows)) : tr("missing"));
        state->setObjectName(QStringLiteral("inputState_") + spec->name);
        if (!present)
            state->setStyleSheet(QStringLiteral("color: #b3261e;"));
        grid_->addWidget(name, row, 0);
        grid_->addWidget(state, row, 1);
        if (!present) {
            missing_ << spec->name;
            requiredMissing = requiredMissing || !input.optional;
            auto* import = new QPushButton(tr("Import %1…").arg(spec->name));
            import->setObjectName(QStringLiteral("import_") + spec->name);
            const QString kind = spec->name;
            connect(import, &QPushButton::clicked, this,
                    [this, kind] { emit importRequested(kind); });
            grid_->addWidget(import, row, 2, Qt::AlignLeft);
        }
        ++row;
    }
    setVisible(requiredMissing);
}

}  // namespace mb::ui
