// Answers the modal dialogs an action opens, so a GUI test can trigger the action as a user
// would: a file dialog gets the path the test chose, a message box is read and closed.
#pragma once

#include <QAbstractButton>
#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QLineEdit>
#include <QMessageBox>
#include <QStringList>
#include <QTimer>

namespace mbtest {

class ModalAnswers : public QObject {
public:
    // path: what the next file dialogs are answered with.
    explicit ModalAnswers(const QString& path) : path_(path) {
        timer_.setInterval(20);
        connect(&timer_, &QTimer::timeout, this, [this] {
            QWidget* modal = QApplication::activeModalWidget();
            if (auto* files = qobject_cast<QFileDialog*>(modal)) {
                ++fileDialogs_;
                // Typed as a user would: selectFile() leaves a focused name field as it is.
                files->setDirectory(QFileInfo(path_).absolutePath());
                if (auto* name = files->findChild<QLineEdit*>(QStringLiteral("fileNameEdit")))
                    name->setText(QFileInfo(path_).fileName());
                // Queued: accept() may ask to replace the file, and a timer does not fire again
                // while its own handler runs.
                QMetaObject::invokeMethod(files, "accept", Qt::QueuedConnection);
            } else if (auto* box = qobject_cast<QMessageBox*>(modal);
                       box && qobject_cast<QFileDialog*>(box->parentWidget())) {
                // "Replace the existing file?": yes, as the user who chose it would say.
                if (QAbstractButton* yes = box->button(QMessageBox::Yes))
                    yes->click();
            } else if (box) {
                said_.append(box->text());
                box->close();
            }
        });
        timer_.start();
    }

    int fileDialogs() const { return fileDialogs_; }
    // The text of every message box closed, in order.
    const QStringList& said() const { return said_; }

private:
    QTimer timer_;
    QString path_;
    int fileDialogs_ = 0;
    QStringList said_;
};

}  // namespace mbtest
