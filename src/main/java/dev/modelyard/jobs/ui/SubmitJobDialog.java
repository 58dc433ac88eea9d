package dev.modelyard.jobs.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.modelyard.artifacts.ArtifactService;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.ui.DisplayFormats;
import dev.modelyard.jobs.ComputeTarget;
import dev.modelyard.jobs.EnvironmentDetails;
import dev.modelyard.jobs.EnvironmentService;
import dev.modelyard.jobs.JobDetails;
import dev.modelyard.jobs.JobQueryService;
import dev.modelyard.jobs.JobService;
import dev.modelyard.jobs.SubmitJobCommand;
import dev.modelyard.shell.ui.StagingArea;
import dev.modelyard.shell.ui.UploadPanel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Submits a command job: the code (streamed into a staging set as it is dropped), the command, where and in which
 * environment it runs, and how it is named. The service validates everything; its {@link InvalidInputException}
 * names the field, and the message is shown beside that field.
 */
class SubmitJobDialog extends Dialog {

    static final String DEFAULT_ENVIRONMENT = "sklearn-1@latest";

    private final JobService jobs;
    private final JobQueryService queries;
    private final UploadPanel code;
    private final TextField command = new TextField("Command");
    private final ComboBox<String> environment = new ComboBox<>("Environment");
    private final Select<String> compute = new Select<>();
    private final TextField displayName = new TextField("Display name");
    private final ComboBox<String> experiment = new ComboBox<>("Experiment");
    private final TextArea description = new TextArea("Description");
    private final KeyValueRows variables = new KeyValueRows("job-variables", "Environment variables", "NAME",
            "Add variable").withSecrets();
    private final KeyValueRows tags = new KeyValueRows("job-tags", "Tags", "key", "Add tag");
    private final IntegerField timeout = new IntegerField("Timeout");
    private final Span formError = new Span();
    private final Button submit = new Button("Submit", e -> submit());

    SubmitJobDialog(JobService jobs, JobQueryService queries, EnvironmentService environments, ArtifactService artifacts) {
        this.jobs = jobs;
        this.queries = queries;
        this.code = new UploadPanel(new StagingArea(artifacts::stage), UploadPanel.Ids.prefixed("job-code"),
                "Drop the job's code here: its files, or one .zip / .tar / .tar.gz");
        code.setListHeight("8rem");
        setHeaderTitle("Submit a command job");
        setWidth("46rem");
        setCloseOnOutsideClick(false);
        addClassName("submit-job-dialog");

        command.setId("job-command");
        command.setPlaceholder("python train.py --training_data diabetes.csv");
        command.setHelperText("Run in the folder of your code. No shell: quote with '…' or \"…\"; "
                + "pipes and redirections are plain text.");
        command.setRequiredIndicatorVisible(true);
        command.setWidthFull();
        command.addClassName("monospace");
        configureEnvironment(environments.list());
        configureCompute(queries.computes());
        displayName.setId("job-display-name");
        displayName.setPlaceholder("the job's generated name");
        experiment.setId("job-experiment");
        experiment.setItems(new ArrayList<>(queries.experimentNames()));
        experiment.setAllowCustomValue(true);
        experiment.setPlaceholder(JobService.DEFAULT_EXPERIMENT);
        experiment.setHelperText("Pick one or type a new name");
        experiment.addCustomValueSetListener(e -> setCustomValue(experiment, e.getDetail()));
        description.setId("job-description");
        timeout.setId("job-timeout");
        timeout.setMin(1);
        timeout.setStepButtonsVisible(false);
        timeout.setSuffixComponent(new Span("s"));
        timeout.setHelperText("Empty: the server's default");
        formError.setId("job-submit-error");
        formError.addClassName("field-error");
        formError.setVisible(false);

        FormLayout form = new FormLayout(environment, compute, displayName, experiment, timeout);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("30rem", 2));
        description.setWidthFull();
        VerticalLayout content = new VerticalLayout(formError, code, command, form, description, variables, tags);
        content.setPadding(false);
        add(content);

        submit.setId("job-submit");
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("job-submit-cancel");
        getFooter().add(cancel, submit);
    }

    /** Every environment as {@code name@latest} (first) and each version as {@code name:version}. */
    private void configureEnvironment(List<EnvironmentDetails> available) {
        Set<String> latest = available.stream().map(e -> e.name() + "@latest")
                .collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> items = new ArrayList<>(latest);
        available.stream().map(EnvironmentDetails::reference).forEach(items::add);
        environment.setId("job-environment");
        environment.setItems(items);
        environment.setAllowCustomValue(true);
        environment.addCustomValueSetListener(e -> setCustomValue(environment, e.getDetail()));
        environment.setRequiredIndicatorVisible(true);
        environment.setHelperText("name@latest follows new versions; name:version pins one");
        environment.setValue(latest.contains(DEFAULT_ENVIRONMENT) ? DEFAULT_ENVIRONMENT
                : items.isEmpty() ? null : items.get(0));
    }

    private void configureCompute(List<ComputeTarget> targets) {
        Map<String, ComputeTarget> byName = targets.stream()
                .collect(Collectors.toMap(ComputeTarget::name, Function.identity()));
        compute.setId("job-compute");
        compute.setLabel("Compute");
        compute.setItems(byName.keySet().stream().sorted().toList());
        compute.setItemLabelGenerator(name -> {
            ComputeTarget t = byName.get(name);
            return t == null ? name : name + " (" + t.running() + " of " + t.slots() + " running, " + t.queued()
                    + " queued)";
        });
        compute.setValue(byName.containsKey("local") ? "local" : targets.isEmpty() ? null : targets.get(0).name());
    }

    /** A typed value that is not among the items becomes one, so the box shows it like the others. */
    private static void setCustomValue(ComboBox<String> box, String typed) {
        String value = typed == null ? "" : typed.strip();
        if (!value.isEmpty()) {
            box.getListDataView().addItem(value);
            box.setValue(value);
        }
    }

    private void submit() {
        clearErrors();
        if (code.isUploading()) {
            code.showError("Files are still arriving; submit when they are all in.");
            return;
        }
        SubmitJobCommand job = new SubmitJobCommand(command.getValue(), environment.getValue(), compute.getValue(),
                blankToNull(displayName.getValue()), blankToNull(experiment.getValue()),
                blankToNull(description.getValue()), tags.values(), variables.values(), timeout.getValue(),
                variables.secretValues());
        Optional<JobDetails> submitted;
        try {
            submitted = code.withStaged(staged -> jobs.submit(job, staged));
        } catch (InvalidInputException e) {
            showError(e);
            return;
        }
        if (submitted.isEmpty()) {
            code.showError("A file is still arriving; submit when it is in.");
            return;
        }
        code.reset();
        close();
        Notification.show("Job " + submitted.get().name() + " submitted", 3000, Notification.Position.BOTTOM_START)
                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        JobDetailView.open(submitted.get().name());
    }

    private void showError(InvalidInputException e) {
        String message = DisplayFormats.sentence(e.getMessage());
        String field = e.field() == null ? "" : e.field();
        switch (field) {
            case "command" -> invalid(command, message);
            case "environment" -> invalid(environment, message);
            case "compute" -> invalid(compute, message);
            case "displayName" -> invalid(displayName, message);
            case "experimentName" -> invalid(experiment, message);
            case "description" -> invalid(description, message);
            case "timeoutSeconds" -> invalid(timeout, message);
            case "environmentVariables", "secretVariables" -> variables.showError(message);
            case "tags" -> tags.showError(message);
            case "code" -> code.showError(message);
            default -> {
                formError.setText(message);
                formError.setVisible(true);
            }
        }
    }

    private static void invalid(HasValidation field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }

    private void clearErrors() {
        List.<HasValidation>of(command, environment, compute, displayName, experiment, description, timeout)
                .forEach(f -> f.setInvalid(false));
        variables.clearError();
        tags.clearError();
        code.clearError();
        formError.setVisible(false);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
